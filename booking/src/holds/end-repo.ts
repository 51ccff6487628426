import { statement } from '../db/statement.ts';
import { epochMs, pgArray, type Sql } from '../db/sql.ts';
import { outboxWritten } from '../db/database.ts';
import { inventoryLockKeySql } from './locks.ts';

/*
 * Ending holds (a fan releases one, or the sweeper expires them) and reading
 * them back. The caller holds the hold row locks and the inventory locks.
 */

export type EndReason = 'released' | 'expired';

const endStatement = statement<'holdIds' | 'reason' | 'occurredAt'>(
  (p) => `
WITH ended AS (
  UPDATE holds SET status = ${p('reason')}::text, ended_at = now()
   WHERE id = ANY(${p('holdIds')}::uuid[]) AND status = 'active'
  RETURNING id, event_id, drop_id, user_id
),
freed AS (
  UPDATE seats s
     SET status = 'available', hold_id = NULL, held_until = NULL, version = s.version + 1, updated_at = now()
    FROM ended e
   WHERE s.hold_id = e.id AND s.status = 'held'
  RETURNING s.id, s.section_id, s.version, e.id AS hold_id
),
messages AS (
  INSERT INTO outbox (message_id, routing_key, payload)
  SELECT m.id, m.type, jsonb_build_object('id', m.id, 'type', m.type, 'occurredAt', ${p('occurredAt')}::text, 'data', m.data)
    FROM (
      SELECT gen_random_uuid() AS id, 'seat.released' AS type, jsonb_build_object(
               'eventId', e.event_id, 'dropId', e.drop_id,
               'seats', jsonb_agg(jsonb_build_object(
                 'seatId', f.id, 'sectionId', f.section_id, 'status', 'available', 'version', f.version) ORDER BY f.id)) AS data
        FROM ended e JOIN freed f ON f.hold_id = e.id
       GROUP BY e.id, e.event_id, e.drop_id
      UNION ALL
      SELECT gen_random_uuid(), 'hold.ended', jsonb_build_object(
               'holdId', e.id, 'eventId', e.event_id, 'dropId', e.drop_id, 'userId', e.user_id, 'reason', ${p('reason')}::text)
        FROM ended e
    ) m
  RETURNING 1
)
SELECT (SELECT count(*)::int FROM ended) AS holds,
       (SELECT count(*)::int FROM freed) AS seats,
       (SELECT count(*)::int FROM messages) AS messages`,
);

/**
 * Ends the given holds that are still active: their seats that still point at
 * them become available (version + 1), and `seat.released` and `hold.ended`
 * go to the outbox. Seats another hold has since taken are left alone.
 */
export async function endHolds(
  sql: Sql,
  holdIds: readonly string[],
  reason: EndReason,
): Promise<{ holds: number; seats: number }> {
  if (holdIds.length === 0) return { holds: 0, seats: 0 };
  const [row] = await sql.query<{ holds: number; seats: number; messages: number }>(
    endStatement.text,
    endStatement.params({ holdIds: pgArray(holdIds), reason, occurredAt: new Date().toISOString() }),
  );
  if ((row?.messages ?? 0) > 0) outboxWritten(sql);
  return { holds: row?.holds ?? 0, seats: row?.seats ?? 0 };
}

export interface StoredHold {
  id: string;
  eventId: string;
  dropId: string;
  userId: string;
  status: 'active' | 'released' | 'expired' | 'converted';
  /** Active, but its time is up (the sweeper has not caught up yet). */
  lapsed: boolean;
  expiresAtMs: number;
  seats: Array<{ seatId: string; sectionId: string; row: string; label: string; priceCents: number; lockId: string }>;
}

interface HoldRow {
  id: string;
  event_id: string;
  drop_id: string;
  user_id: string;
  status: StoredHold['status'];
  lapsed: boolean;
  expires_at_ms: number;
  seats: StoredHold['seats'];
}

const findStatement = statement<'holdId' | 'userId'>(
  (p) => `
SELECT h.id::text, h.event_id::text, h.drop_id::text, h.user_id, h.status,
       (h.status = 'active' AND h.expires_at <= now()) AS lapsed, ${epochMs('h.expires_at')} AS expires_at_ms,
       (SELECT coalesce(json_agg(json_build_object(
                 'seatId', s.id, 'sectionId', s.section_id, 'row', s.row_label, 'label', s.seat_label,
                 'priceCents', pt.price_cents, 'lockId', CASE WHEN sec.kind = 'general' THEN sec.id ELSE s.id END)
                 ORDER BY s.section_id, s.row_label, s.seat_label), '[]'::json)
          FROM hold_seats hs
          JOIN seats s ON s.id = hs.seat_id
          JOIN sections sec ON sec.id = s.section_id
          JOIN price_tiers pt ON pt.id = s.price_tier_id
         WHERE hs.hold_id = h.id) AS seats
  FROM holds h
 WHERE h.id = ${p('holdId')}::uuid AND h.user_id = ${p('userId')}::text`,
);

/** A fan's hold; another fan's is as absent as a hold that never existed. */
export async function findHold(sql: Sql, holdId: string, userId: string): Promise<StoredHold | undefined> {
  const [row] = await sql.query<HoldRow>(findStatement.text, findStatement.params({ holdId, userId }));
  if (!row) return undefined;
  return {
    id: row.id,
    eventId: row.event_id,
    dropId: row.drop_id,
    userId: row.user_id,
    status: row.status,
    lapsed: row.lapsed,
    expiresAtMs: row.expires_at_ms,
    seats: row.seats,
  };
}

/** Waits for inventory locks, in the order given (callers pass them sorted). */
export async function lockInventory(sql: Sql, keys: readonly bigint[]): Promise<void> {
  if (keys.length === 0) return;
  await sql.query(`SELECT count(*) FROM unnest(?::bigint[]) AS k WHERE pg_advisory_xact_lock(k) IS NOT NULL`, [
    pgArray(keys),
  ]);
}

const claimStatement = statement<'batchSize'>(
  (p) => `
WITH expired AS (
  SELECT h.id FROM holds h
   WHERE h.status = 'active' AND h.expires_at <= now()
   ORDER BY h.expires_at
   LIMIT ${p('batchSize')}::int
  FOR NO KEY UPDATE SKIP LOCKED
)
SELECT e.id::text AS hold_id,
       coalesce(bool_and(pg_try_advisory_xact_lock(
         CASE WHEN sec.kind = 'general' THEN ${inventoryLockKeySql('sec.id')} ELSE ${inventoryLockKeySql('s.id')} END
       )) FILTER (WHERE s.id IS NOT NULL), true) AS locked
  FROM expired e
  LEFT JOIN seats s ON s.hold_id = e.id AND s.status = 'held'
  LEFT JOIN sections sec ON sec.id = s.section_id
 GROUP BY e.id`,
);

/**
 * The sweeper's claim: up to `batchSize` expired active holds that no one else
 * is working on (SKIP LOCKED), each with whether every inventory lock of its
 * seats could be had without waiting. A hold whose locks are busy is left for
 * the next round; the transaction that holds them is likely re-taking its seats.
 */
export async function claimExpiredHolds(sql: Sql, batchSize: number): Promise<{ ready: string[]; busy: string[] }> {
  const rows = await sql.query<{ hold_id: string; locked: boolean }>(
    claimStatement.text,
    claimStatement.params({ batchSize }),
  );
  return {
    ready: rows.filter((r) => r.locked).map((r) => r.hold_id),
    busy: rows.filter((r) => !r.locked).map((r) => r.hold_id),
  };
}
