import { z } from 'zod';
import { publicStatusList } from '../events/status.ts';
import { bigintText, readRows, type Queryable } from './queryable.ts';

/*
 * The truth the catalog's availability cache is built from. Each call is one
 * statement, so it sees one consistent snapshot of the event's seats.
 */

const sectionRow = z
  .object({ id: z.string(), kind: z.enum(['reserved', 'general']), capacity: z.number().int() })
  .transform((row) => ({ sectionId: row.id, kind: row.kind, capacity: row.capacity }));
export type SectionCapacity = z.output<typeof sectionRow>;

export async function readEventSections(db: Queryable, eventId: string): Promise<SectionCapacity[]> {
  return readRows(
    db,
    'seat-availability',
    sectionRow,
    'SELECT id, kind, capacity FROM sections WHERE event_id = $1 ORDER BY sort_order, name, id',
    [eventId],
  );
}

const seatRow = z
  .object({
    id: z.string(),
    section_id: z.string(),
    status: z.enum(['available', 'held', 'sold', 'blocked']),
    version: bigintText,
    held_until_ms: bigintText.nullable(),
  })
  .transform((row) => ({
    seatId: row.id,
    sectionId: row.section_id,
    status: row.status,
    /** Bumped by every change of the seat: a newer message about it carries a higher one. */
    version: row.version,
    /** When a held seat's hold lapses (epoch ms); null unless held. */
    heldUntilMs: row.held_until_ms,
  }));
export type SeatAvailability = z.output<typeof seatRow>;

export async function readEventSeats(db: Queryable, eventId: string): Promise<SeatAvailability[]> {
  return readRows(
    db,
    'seat-availability',
    seatRow,
    `SELECT id, section_id, status, version::text AS version,
            CASE WHEN status = 'held' THEN (extract(epoch FROM held_until) * 1000)::bigint::text END AS held_until_ms
       FROM seats WHERE event_id = $1`,
    [eventId],
  );
}

const idRow = z.object({ id: z.string() }).transform((row) => row.id);

/** Events worth a warm cache at start: on sale now or soon, not long over. */
export async function readLiveEventIds(db: Queryable): Promise<string[]> {
  return readRows(
    db,
    'seat-availability',
    idRow,
    `SELECT id FROM events
      WHERE status IN ${publicStatusList} AND coalesce(ends_at, starts_at) > now() - interval '1 day'
      ORDER BY starts_at LIMIT 500`,
  );
}

/** Whether booking knows the event at all, published or not. */
export async function eventExists(db: Queryable, eventId: string): Promise<boolean> {
  const rows = await readRows(db, 'seat-availability', idRow, 'SELECT id FROM events WHERE id = $1', [eventId]);
  return rows.length === 1;
}
