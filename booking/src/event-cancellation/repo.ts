import type { Sql } from '../db/sql.ts';
import { isoText } from '../db/sql.ts';

/** SQL of an event's cancellation. */

export async function lockEvent(
  sql: Sql,
  eventId: string,
): Promise<{ id: string; organizer_id: string; status: string } | undefined> {
  // FOR UPDATE also waits for every payment authorization that has read the event (FOR KEY SHARE) to end.
  const rows = await sql.query<{ id: string; organizer_id: string; status: string }>(
    'SELECT id, organizer_id, status FROM events WHERE id = ? FOR UPDATE',
    [eventId],
  );
  return rows[0];
}

export async function markCancelled(sql: Sql, eventId: string, actorId: string, reason: string): Promise<void> {
  await sql.query(`UPDATE events SET status = 'cancelled', updated_at = now() WHERE id = ?`, [eventId]);
  await sql.query(
    `INSERT INTO event_cancellations (event_id, actor_id, reason) VALUES (?, ?, ?)
     ON CONFLICT ON CONSTRAINT event_cancellations_pk DO NOTHING`,
    [eventId, actorId, reason],
  );
}

/**
 * Ends every drop of the event now: the window closes (a drop that had not
 * opened is given an opening just before, as the schedule's checks require),
 * and the version moves, so the waiting room re-reads it and closes the line.
 */
export async function closeDrops(sql: Sql, eventId: string): Promise<Array<{ id: string; version: number }>> {
  return sql.query<{ id: string; version: number }>(
    `UPDATE drops
        SET opens_at = least(opens_at, now() - interval '1 second'),
            prequeue_opens_at = CASE WHEN prequeue_opens_at IS NULL THEN NULL
                                     ELSE least(prequeue_opens_at, now() - interval '1 second') END,
            closes_at = least(coalesce(closes_at, now()), now()),
            version = version + 1, updated_at = now()
      WHERE event_id = ?
      RETURNING id, version`,
    [eventId],
  );
}

export interface CancellationRow {
  event_id: string;
  actor_id: string;
  reason: string;
  cancelled_at: string;
  drop_ids: string[];
  refunded: number;
  left: number;
}

export async function readCancellation(sql: Sql, eventId: string): Promise<CancellationRow | undefined> {
  const rows = await sql.query<CancellationRow>(
    `SELECT c.event_id, c.actor_id, c.reason, ${isoText('c.cancelled_at')} AS cancelled_at,
            (SELECT coalesce(array_agg(d.id::text ORDER BY d.opens_at, d.id), '{}') FROM drops d
              WHERE d.event_id = c.event_id) AS drop_ids,
            (SELECT count(*)::int FROM orders o WHERE o.event_id = c.event_id AND o.status = 'refunded') AS refunded,
            (SELECT count(*)::int FROM orders o
              WHERE o.event_id = c.event_id AND o.status IN ('paid', 'partially_refunded')) AS "left"
       FROM event_cancellations c WHERE c.event_id = ?`,
    [eventId],
  );
  return rows[0];
}

/**
 * One paid order of a cancelled event, locked, skipping orders another
 * transaction holds: several refunders (the request, sweepers) share the
 * work without waiting on each other or refunding anything twice.
 */
export async function claimOrderToRefund(
  sql: Sql,
  eventId: string | null,
): Promise<{ order_id: string; actor_id: string; reason: string } | undefined> {
  const rows = await sql.query<{ order_id: string; actor_id: string; reason: string }>(
    `SELECT o.id AS order_id, c.actor_id, c.reason
       FROM orders o JOIN event_cancellations c ON c.event_id = o.event_id
      WHERE o.status IN ('paid', 'partially_refunded') AND (?::uuid IS NULL OR o.event_id = ?::uuid)
      ORDER BY o.id LIMIT 1
      FOR UPDATE OF o SKIP LOCKED`,
    [eventId, eventId],
  );
  return rows[0];
}

/**
 * Whether a sale of the event must be refused because it was cancelled. The
 * row is read FOR KEY SHARE (the lock its tickets' foreign keys take anyway),
 * so a cancellation, which locks the row FOR UPDATE, either comes first and
 * is seen here, or waits until this sale has committed and then refunds it.
 */
export async function eventCancelledForSale(sql: Sql, eventId: string): Promise<boolean> {
  const rows = await sql.query<{ status: string }>('SELECT status FROM events WHERE id = ? FOR KEY SHARE', [eventId]);
  return rows[0]?.status === 'cancelled';
}
