import type { FactoryConnection } from './booking-database.ts';

/*
 * Readers for tests of the organizer's use cases (venues, events, seat
 * maps): the rows as they are, so a test can show that a refused request
 * left everything exactly as it was.
 */

export interface OrganizerTables {
  venues: Array<Record<string, unknown>>;
  events: Array<Record<string, unknown>>;
  priceTiers: Array<Record<string, unknown>>;
  sections: Array<Record<string, unknown>>;
  seats: Array<Record<string, unknown>>;
  drops: Array<Record<string, unknown>>;
  outbox: number;
  audit: number;
}

export async function organizerTables(sql: FactoryConnection): Promise<OrganizerTables> {
  const rows = (table: string) => sql.execute<Array<Record<string, unknown>>>(`SELECT * FROM ${table} ORDER BY id`);
  const [counts] = await sql.execute<Array<{ outbox: number; audit: number }>>(
    'SELECT (SELECT count(*)::int FROM outbox) AS outbox, (SELECT count(*)::int FROM audit_log) AS audit',
  );
  return {
    venues: await rows('venues'),
    events: await rows('events'),
    priceTiers: await rows('price_tiers'),
    sections: await rows('sections'),
    seats: await rows('seats'),
    drops: await rows('drops'),
    outbox: counts?.outbox ?? -1,
    audit: counts?.audit ?? -1,
  };
}

/** The event's row, every column under its own name. */
export async function readEventRow(sql: FactoryConnection, eventId: string): Promise<Record<string, unknown>> {
  const [row] = await sql.execute<Array<Record<string, unknown>>>('SELECT * FROM events WHERE id = ?', [eventId]);
  if (!row) throw new Error(`no event ${eventId}`);
  return row;
}

/** The event's seats: id, section name, row, label and status, in label order. */
export async function readEventSeatRows(
  sql: FactoryConnection,
  eventId: string,
): Promise<Array<{ id: string; section: string; row: string; label: string; status: string; version: number }>> {
  const rows = await sql.execute<
    Array<{ id: string; section: string; row: string; label: string; status: string; version: string }>
  >(
    `SELECT s.id, c.name AS section, s.row_label AS row, s.seat_label AS label, s.status, s.version
       FROM seats s JOIN sections c ON c.id = s.section_id WHERE s.event_id = ?
      ORDER BY c.sort_order, c.name, length(s.row_label), s.row_label, length(s.seat_label), s.seat_label`,
    [eventId],
  );
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}
