import type { Sql } from '../db/sql.ts';
import type { SeatState } from '@ticketing/common';
import { pgArray } from '../db/sql.ts';
import { lockFanSql } from '../holds/locks.ts';
import { publicStatusList } from '../events/status.ts';
import { dropIsOpen, fanSeatsSql } from '../holds/repo.ts';

/** SQL of the sale: the hold and seats an authorized payment turns into tickets. */

export interface SeatForSale {
  id: string;
  section_id: string;
  status: 'available' | 'held' | 'sold' | 'blocked';
  hold_id: string | null;
  /** The advisory lock id: the seat, or its section for general admission. */
  lock_id: string;
}

/** Processed-notification ledger: false when this provider event was already handled. */
export async function recordNotification(sql: Sql, provider: string, eventId: string): Promise<boolean> {
  const rows = await sql.query<{ event_id: string }>(
    `INSERT INTO processed_webhooks (provider, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING event_id`,
    [provider, eventId],
  );
  return rows.length === 1;
}

/** The fan lock of holds/locks.ts: the sale and the fan's own hold requests in this drop take turns. */
export async function lockFan(sql: Sql, dropId: string, userId: string): Promise<void> {
  await sql.query(lockFanSql, [dropId, userId]);
}

/**
 * Whether a lapsed hold may still be sold: on the terms a new hold of its
 * seats would get now. The drop is on sale (in its window, not paused), the
 * event is public (published or on sale), and the fan's seats in live holds and valid tickets of
 * the drop plus this hold's seats stay within the per-fan limit. The lapsed
 * hold itself is not live, so it is counted once. Run under the fan lock.
 */
export async function lapsedHoldSellable(sql: Sql, holdId: string, seatCount: number): Promise<boolean> {
  const rows = await sql.query<{ sellable: boolean }>(
    `SELECT ${dropIsOpen} AND e.status IN ${publicStatusList}
            AND ${fanSeatsSql('d.id', 'lapsed.user_id')} + ?::int <= d.per_user_limit AS sellable
     FROM holds lapsed JOIN drops d ON d.id = lapsed.drop_id JOIN events e ON e.id = d.event_id
     WHERE lapsed.id = ?`,
    [seatCount, holdId],
  );
  return rows[0]?.sellable === true;
}

/** The hold's seats with their lock ids; read before the inventory locks, re-read under them. */
export async function seatsOfHold(sql: Sql, holdId: string, lock: boolean): Promise<SeatForSale[]> {
  return sql.query<SeatForSale>(
    `SELECT s.id, s.section_id, s.status, s.hold_id,
            CASE WHEN sec.kind = 'general' THEN sec.id ELSE s.id END AS lock_id
     FROM hold_seats hs JOIN seats s ON s.id = hs.seat_id JOIN sections sec ON sec.id = s.section_id
     WHERE hs.hold_id = ? ORDER BY s.id ${lock ? 'FOR UPDATE OF s' : ''}`,
    [holdId],
  );
}

/** Seats become sold (version + 1); returns their new state for the outbox. */
export async function sellSeats(sql: Sql, seatIds: readonly string[]): Promise<SeatState[]> {
  const rows = await sql.query<{ id: string; section_id: string; version: string }>(
    `UPDATE seats SET status = 'sold', hold_id = NULL, held_until = NULL, version = version + 1, updated_at = now()
     WHERE id = ANY(?::uuid[]) RETURNING id, section_id, version`,
    [pgArray(seatIds)],
  );
  return rows
    .map((r) => ({ seatId: r.id, sectionId: r.section_id, status: 'sold' as const, version: Number(r.version) }))
    .sort((a, b) => a.seatId.localeCompare(b.seatId));
}

export async function convertHold(sql: Sql, holdId: string): Promise<void> {
  await sql.query(`UPDATE holds SET status = 'converted', ended_at = now() WHERE id = ?`, [holdId]);
}
