import type { Sql } from '../db/sql.ts';
import type { SeatState } from '@ticketing/common';
import { pgArray } from '../db/sql.ts';
import { sortedLockKeys } from '../holds/locks.ts';
import { lockInventory } from '../holds/end-repo.ts';

/**
 * Takes sold seats back from refunded tickets, under the inventory lock
 * discipline (holds/locks.ts): advisory locks in ascending order, then the rows.
 */
export async function takeBackSeats(
  sql: Sql,
  seatIds: readonly string[],
  to: 'available' | 'blocked',
): Promise<SeatState[]> {
  if (seatIds.length === 0) return [];
  const locks = await sql.query<{ lock_id: string }>(
    `SELECT CASE WHEN sec.kind = 'general' THEN sec.id ELSE s.id END AS lock_id
     FROM seats s JOIN sections sec ON sec.id = s.section_id WHERE s.id = ANY(?::uuid[])`,
    [pgArray(seatIds)],
  );
  await lockInventory(sql, sortedLockKeys(locks.map((l) => l.lock_id)));
  const rows = await sql.query<{ id: string; section_id: string; version: string }>(
    `UPDATE seats SET status = ?, hold_id = NULL, held_until = NULL, version = version + 1, updated_at = now()
     WHERE id = ANY(?::uuid[]) AND status = 'sold' RETURNING id, section_id, version`,
    [to, pgArray(seatIds)],
  );
  return rows
    .map((r) => ({ seatId: r.id, sectionId: r.section_id, status: to, version: Number(r.version) }))
    .sort((a, b) => a.seatId.localeCompare(b.seatId));
}
