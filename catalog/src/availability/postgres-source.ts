import type pg from 'pg';
import type { SeatStatus } from '@ticketing/common';
import type { SeatEntry, SectionFacts } from './document.ts';

/**
 * The truth the cache is built from. Read-only, and each call is one
 * statement, so it sees one consistent snapshot of the event's seats.
 */
export async function readSections(pool: pg.Pool, eventId: string): Promise<SectionFacts[]> {
  const { rows } = await pool.query<{ id: string; kind: 'reserved' | 'general'; capacity: number }>(
    'SELECT id, kind, capacity FROM sections WHERE event_id = $1 ORDER BY sort_order, name, id',
    [eventId],
  );
  return rows.map((r) => ({ sectionId: r.id, kind: r.kind, capacity: r.capacity }));
}

export async function readSeats(pool: pg.Pool, eventId: string): Promise<SeatEntry[]> {
  const { rows } = await pool.query<{
    id: string;
    section_id: string;
    status: SeatStatus;
    version: string;
    held_until_ms: string | null;
  }>(
    `SELECT id, section_id, status, version::text AS version,
            CASE WHEN status = 'held' THEN (extract(epoch FROM held_until) * 1000)::bigint::text END AS held_until_ms
       FROM seats WHERE event_id = $1`,
    [eventId],
  );
  return rows.map((r) => ({
    seatId: r.id,
    sectionId: r.section_id,
    status: r.status,
    version: Number(r.version),
    heldUntilMs: r.held_until_ms === null ? null : Number(r.held_until_ms),
  }));
}

/** Events worth a warm cache at start: on sale now or soon, not long over. */
export async function readLiveEventIds(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM events
      WHERE status = 'published' AND coalesce(ends_at, starts_at) > now() - interval '1 day'
      ORDER BY starts_at LIMIT 500`,
  );
  return rows.map((r) => r.id);
}

export async function eventExists(pool: pg.Pool, eventId: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM events WHERE id = $1', [eventId]);
  return rowCount === 1;
}
