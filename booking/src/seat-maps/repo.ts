import { pgArray, type Sql } from '../db/sql.ts';

/*
 * An event's price tiers, sections and seats as stored, and the bulk
 * statements that replace them. Rows travel as one JSON parameter
 * (`jsonb_to_recordset`), so labels and names are never spliced into SQL.
 * Names and labels are unique per event or section: a row that takes a name
 * another row gives up is first moved out of the way under a temporary one.
 */

export interface StoredTier {
  id: string;
  name: string;
  priceCents: number;
  currency: string;
}

export interface StoredSection {
  id: string;
  name: string;
  kind: 'reserved' | 'general';
  tierId: string;
  capacity: number;
  geometry: Record<string, unknown>;
  sortOrder: number;
}

export interface StoredSeat {
  id: string;
  sectionId: string;
  row: string;
  label: string;
  x: number | null;
  y: number | null;
  tierId: string;
  status: 'available' | 'held' | 'sold' | 'blocked';
}

export interface StoredSeatMap {
  tiers: StoredTier[];
  sections: StoredSection[];
  seats: StoredSeat[];
}

/** Seats in label order, the length first, so seat 10 comes after seat 9. */
export async function readStoredSeatMap(sql: Sql, eventId: string): Promise<StoredSeatMap> {
  const tiers = await sql.query<{ id: string; name: string; price_cents: number; currency: string }>(
    'SELECT id, name, price_cents, currency FROM price_tiers WHERE event_id = ? ORDER BY price_cents, name, id',
    [eventId],
  );
  const sections = await sql.query<{
    id: string;
    name: string;
    kind: 'reserved' | 'general';
    price_tier_id: string;
    capacity: number;
    geometry: Record<string, unknown>;
    sort_order: number;
  }>(
    `SELECT id, name, kind, price_tier_id, capacity, geometry, sort_order
       FROM sections WHERE event_id = ? ORDER BY sort_order, name, id`,
    [eventId],
  );
  const seats = await sql.query<{
    id: string;
    section_id: string;
    row_label: string;
    seat_label: string;
    x: number | null;
    y: number | null;
    price_tier_id: string;
    status: StoredSeat['status'];
  }>(
    `SELECT id, section_id, row_label, seat_label, x, y, price_tier_id, status
       FROM seats WHERE event_id = ?
      ORDER BY section_id, length(row_label), row_label, length(seat_label), seat_label`,
    [eventId],
  );
  return {
    tiers: tiers.map((t) => ({ id: t.id, name: t.name, priceCents: t.price_cents, currency: t.currency.trim() })),
    sections: sections.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      tierId: s.price_tier_id,
      capacity: s.capacity,
      geometry: s.geometry,
      sortOrder: s.sort_order,
    })),
    seats: seats.map((s) => ({
      id: s.id,
      sectionId: s.section_id,
      row: s.row_label,
      label: s.seat_label,
      x: s.x === null ? null : Number(s.x),
      y: s.y === null ? null : Number(s.y),
      tierId: s.price_tier_id,
      status: s.status,
    })),
  };
}

/**
 * Locks every seat of the event and counts the held and sold ones. A hold
 * being placed waits for these row locks and then finds the seats as this
 * transaction leaves them; one that committed first is counted here.
 */
export async function lockEventSeats(sql: Sql, eventId: string): Promise<{ held: number; sold: number }> {
  const [row] = await sql.query<{ held: number; sold: number }>(
    `SELECT count(*) FILTER (WHERE status = 'held')::int AS held, count(*) FILTER (WHERE status = 'sold')::int AS sold
       FROM (SELECT status FROM seats WHERE event_id = ? FOR UPDATE) locked`,
    [eventId],
  );
  return row ?? { held: 0, sold: 0 };
}

/** Of these seats, those a hold ever took: holds, orders and tickets point at them, so they must stay. */
export async function seatsWithHistory(sql: Sql, seatIds: readonly string[]): Promise<string[]> {
  if (seatIds.length === 0) return [];
  const rows = await sql.query<{ id: string }>(
    `SELECT DISTINCT seat_id AS id FROM hold_seats WHERE seat_id = ANY(?::uuid[]) ORDER BY 1`,
    [pgArray(seatIds)],
  );
  return rows.map((r) => r.id);
}

export async function deleteRows(sql: Sql, table: 'seats' | 'sections' | 'price_tiers', ids: readonly string[]) {
  if (ids.length === 0) return;
  await sql.query(`DELETE FROM ${table} WHERE id = ANY(?::uuid[])`, [pgArray(ids)]);
}

/** Rows per statement: one JSON parameter of a few hundred kilobytes. */
const chunkSize = 5_000;

async function inChunks<T>(rows: readonly T[], write: (chunk: readonly T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) await write(rows.slice(i, i + chunkSize));
}

/** A temporary name no organizer picks (20 characters, from the row's id): out of the way of a rename. */
const parkedName = `'~' || left(replace(id::text, '-', ''), 19)`;

export async function writeTiers(
  sql: Sql,
  eventId: string,
  changes: { updated: StoredTier[]; inserted: StoredTier[]; renamed: string[] },
): Promise<void> {
  if (changes.renamed.length > 0) {
    await sql.query(`UPDATE price_tiers SET name = ${parkedName} WHERE id = ANY(?::uuid[])`, [
      pgArray(changes.renamed),
    ]);
  }
  const columns = 'r(id uuid, name text, "priceCents" int, currency text)';
  await inChunks(changes.updated, (chunk) =>
    sql.query(
      `UPDATE price_tiers t SET name = r.name, price_cents = r."priceCents", currency = r.currency
         FROM jsonb_to_recordset(?::jsonb) AS ${columns} WHERE t.id = r.id`,
      [JSON.stringify(chunk)],
    ),
  );
  await inChunks(changes.inserted, (chunk) =>
    sql.query(
      `INSERT INTO price_tiers (id, event_id, name, price_cents, currency)
       SELECT r.id, ?, r.name, r."priceCents", r.currency FROM jsonb_to_recordset(?::jsonb) AS ${columns}`,
      [eventId, JSON.stringify(chunk)],
    ),
  );
}

export async function writeSections(
  sql: Sql,
  eventId: string,
  changes: { updated: StoredSection[]; inserted: StoredSection[]; renamed: string[] },
): Promise<void> {
  if (changes.renamed.length > 0) {
    await sql.query(`UPDATE sections SET name = ${parkedName} WHERE id = ANY(?::uuid[])`, [pgArray(changes.renamed)]);
  }
  const columns = `r(id uuid, name text, kind text, "tierId" uuid, capacity int, geometry jsonb, "sortOrder" int)`;
  await inChunks(changes.updated, (chunk) =>
    sql.query(
      `UPDATE sections c SET name = r.name, kind = r.kind, price_tier_id = r."tierId", capacity = r.capacity,
              geometry = r.geometry, sort_order = r."sortOrder"
         FROM jsonb_to_recordset(?::jsonb) AS ${columns} WHERE c.id = r.id`,
      [JSON.stringify(chunk)],
    ),
  );
  await inChunks(changes.inserted, (chunk) =>
    sql.query(
      `INSERT INTO sections (id, event_id, name, kind, price_tier_id, capacity, geometry, sort_order)
       SELECT r.id, ?, r.name, r.kind, r."tierId", r.capacity, r.geometry, r."sortOrder"
         FROM jsonb_to_recordset(?::jsonb) AS ${columns}`,
      [eventId, JSON.stringify(chunk)],
    ),
  );
}

/**
 * Changed seats get a new version, so whoever keeps seat states by version
 * sees the change; new seats belong to no drop (any open drop of the event
 * sells them).
 */
export async function writeSeats(
  sql: Sql,
  eventId: string,
  changes: { updated: StoredSeat[]; inserted: StoredSeat[]; relabelled: string[] },
): Promise<void> {
  if (changes.relabelled.length > 0) {
    await sql.query(`UPDATE seats SET seat_label = ${parkedName} WHERE id = ANY(?::uuid[])`, [
      pgArray(changes.relabelled),
    ]);
  }
  const columns = `r(id uuid, "sectionId" uuid, row text, label text, x real, y real, "tierId" uuid, status text)`;
  await inChunks(changes.updated, (chunk) =>
    sql.query(
      `UPDATE seats s SET row_label = r.row, seat_label = r.label, x = r.x, y = r.y, price_tier_id = r."tierId",
              status = r.status, version = s.version + 1, updated_at = now()
         FROM jsonb_to_recordset(?::jsonb) AS ${columns} WHERE s.id = r.id`,
      [JSON.stringify(chunk)],
    ),
  );
  await inChunks(changes.inserted, (chunk) =>
    sql.query(
      `INSERT INTO seats (id, event_id, section_id, row_label, seat_label, x, y, price_tier_id, status)
       SELECT r.id, ?, r."sectionId", r.row, r.label, r.x, r.y, r."tierId", r.status
         FROM jsonb_to_recordset(?::jsonb) AS ${columns}`,
      [eventId, JSON.stringify(chunk)],
    ),
  );
}
