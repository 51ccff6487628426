import { z } from 'zod';
import { publicStatusList } from '../events/status.ts';
import { readRows, type Queryable } from './queryable.ts';

/*
 * When the drops of published events open: fans ask to be reminded of an
 * opening (the catalog), and the notifier announces the ones about to open.
 */

const dropOpeningRow = z
  .object({ id: z.string(), event_id: z.string(), name: z.string(), opens_at: z.date() })
  .transform((row) => ({ dropId: row.id, eventId: row.event_id, name: row.name, opensAt: row.opens_at }));
export type DropOpening = z.output<typeof dropOpeningRow>;

const columns = 'd.id, d.event_id, d.name, d.opens_at FROM drops d JOIN events e ON e.id = d.event_id';

/** A drop of a published event, open or not; undefined for unknown drops and those of unpublished events. */
export async function findDropOpening(db: Queryable, dropId: string): Promise<DropOpening | undefined> {
  const [drop] = await readRows(
    db,
    'drop-openings',
    dropOpeningRow,
    `SELECT ${columns} WHERE d.id = $1 AND e.status IN ${publicStatusList}`,
    [dropId],
  );
  return drop;
}

/** Drops of published events that are not paused and open within the next `minutes`. */
export async function listDropsOpeningWithin(db: Queryable, minutes: number): Promise<DropOpening[]> {
  return readRows(
    db,
    'drop-openings',
    dropOpeningRow,
    `SELECT ${columns}
      WHERE e.status IN ${publicStatusList} AND NOT d.paused
        AND d.opens_at > now() AND d.opens_at <= now() + make_interval(mins => $1)`,
    [minutes],
  );
}
