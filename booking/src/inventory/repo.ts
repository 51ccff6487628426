import { statement } from '../db/statement.ts';
import { pgArray, type Sql } from '../db/sql.ts';

/*
 * A drop's inventory, counted from the seats themselves. A drop sells the
 * seats assigned to it and the seats of its event assigned to no drop. A
 * seat is free when it is `available`, or `held` by a hold whose time is up
 * (free at once, swept or not); it is held while its hold's time runs.
 */

export interface DropCounts {
  dropId: string;
  eventId: string;
  /** Seats a fan could take right now. */
  available: number;
  /** Seats in live holds: they may still come back. */
  held: number;
}

/**
 * The free and held seats of one drop, as a lateral subquery over the drop
 * row `d`. It reads only unsold seats of the event, through the partial
 * index `seats_event_unsold_ix` of migration 0002 (no heap visit when the
 * visibility map allows), so a drop of a few thousand seats costs about a
 * millisecond and less as it sells.
 */
const countsOfDrop = `
  SELECT count(*) FILTER (WHERE s.status = 'available' OR s.held_until <= now())::int AS available,
         count(*) FILTER (WHERE s.held_until > now())::int AS held
    FROM seats s
   WHERE s.event_id = d.event_id AND s.status IN ('available', 'held')
     AND (s.drop_id IS NULL OR s.drop_id = d.id)`;

interface CountsRow {
  drop_id: string;
  event_id: string;
  available: number;
  held: number;
}

const toCounts = (row: CountsRow): DropCounts => ({
  dropId: row.drop_id,
  eventId: row.event_id,
  available: row.available,
  held: row.held,
});

const readStatement = statement<'dropId'>(
  (p) => `
SELECT d.id::text AS drop_id, d.event_id::text AS event_id, c.available, c.held
  FROM drops d CROSS JOIN LATERAL (${countsOfDrop}) c
 WHERE d.id = ${p('dropId')}::uuid`,
);

/** The drop's counts now; undefined when there is no such drop. */
export async function readDropCounts(sql: Sql, dropId: string): Promise<DropCounts | undefined> {
  const [row] = await sql.query<CountsRow>(readStatement.text, readStatement.params({ dropId }));
  return row ? toCounts(row) : undefined;
}

/*
 * The advisory lock class of inventory publishing, in the two-int4 key space
 * (apart from the bigint seat and section locks): (class, hashtext(drop id)).
 */
const publishLockClass = `hashtext('drop.inventory')`;

const lockStatement = statement<'dropIds'>(
  (p) => `
WITH watched AS MATERIALIZED (
  SELECT d.id
    FROM drops d JOIN events e ON e.id = d.event_id
   WHERE (d.closes_at IS NULL OR d.closes_at > now())
     AND e.status <> 'cancelled' AND coalesce(e.ends_at, e.starts_at) > now()
     AND (${p('dropIds')}::uuid[] IS NULL OR d.id = ANY(${p('dropIds')}::uuid[]))
)
SELECT id::text AS id, pg_try_advisory_xact_lock(${publishLockClass}, hashtext(id::text)) AS locked
  FROM watched ORDER BY id`,
);

/**
 * Locks the drops whose inventory can still change for fans (their window
 * has not closed, their event is neither cancelled nor over) for the rest of
 * the transaction, never waiting: a drop another publisher holds is left to
 * it. `dropIds` narrows the set. Its own statement, so the counts read next
 * see whatever a previous holder of a lock committed.
 */
export async function lockWatchedDrops(
  sql: Sql,
  dropIds?: readonly string[],
): Promise<{ locked: string[]; busy: number }> {
  const rows = await sql.query<{ id: string; locked: boolean }>(
    lockStatement.text,
    lockStatement.params({ dropIds: dropIds ? pgArray(dropIds) : null }),
  );
  const locked = rows.filter((r) => r.locked).map((r) => r.id);
  return { locked, busy: rows.length - locked.length };
}

const recordStatement = statement<'dropIds'>(
  (p) => `
WITH counted AS (
  SELECT d.id AS drop_id, d.event_id, c.available, c.held
    FROM drops d CROSS JOIN LATERAL (${countsOfDrop}) c
   WHERE d.id = ANY(${p('dropIds')}::uuid[])
),
changed AS (
  INSERT INTO drop_inventory_state AS st (drop_id, available, held, sequence)
  SELECT drop_id, available, held, 1 FROM counted
  ON CONFLICT (drop_id) DO UPDATE
     SET available = excluded.available, held = excluded.held, published_at = now(), sequence = st.sequence + 1
   WHERE (st.available, st.held) IS DISTINCT FROM (excluded.available, excluded.held)
  RETURNING st.drop_id, st.sequence
)
SELECT c.drop_id::text AS drop_id, c.event_id::text AS event_id, c.available, c.held, ch.sequence::text AS sequence
  FROM counted c JOIN changed ch USING (drop_id)
 ORDER BY c.drop_id`,
);

/** Counts that moved, with the drop's number for this change (one more than the last published one). */
export interface ChangedCounts extends DropCounts {
  sequence: number;
}

/**
 * Counts the given drops and records the counts that differ from the last
 * recorded ones, in one statement, numbering each change; answers those.
 * The conditional upsert is the final check: a publisher that counted the
 * same numbers as the one before it changes nothing and uses no number.
 */
export async function recordChangedCounts(sql: Sql, dropIds: readonly string[]): Promise<ChangedCounts[]> {
  if (dropIds.length === 0) return [];
  const rows = await sql.query<CountsRow & { sequence: string }>(
    recordStatement.text,
    recordStatement.params({ dropIds: pgArray(dropIds) }),
  );
  // bigint travels as text; a drop's changes stay far below 2^53.
  return rows.map((row) => ({ ...toCounts(row), sequence: Number(row.sequence) }));
}
