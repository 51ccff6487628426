import { z } from 'zod';
import type { SeatMap } from '@ticketing/common/contracts/seat-map';
import { readPriceTiers } from './price-tiers.ts';
import { readRows, type Queryable } from './queryable.ts';

/* An event's seat map: its sections and, for reserved ones, rows of seats with their positions. */

const sectionRow = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['reserved', 'general']),
  price_tier_id: z.string(),
  capacity: z.number().int(),
  geometry: z.record(z.string(), z.unknown()),
  sort_order: z.number().int(),
});

const seatRow = z.object({
  id: z.string(),
  section_id: z.string(),
  row_label: z.string(),
  seat_label: z.string(),
  x: z.number().nullable(),
  y: z.number().nullable(),
  price_tier_id: z.string(),
});

type Row = SeatMap['sections'][number]['rows'][number];

/** Seats sort by the length of their labels first, so seat 10 comes after seat 9. */
export async function readSeatMap(db: Queryable, eventId: string): Promise<SeatMap> {
  const [tiers, sections, seats] = await Promise.all([
    readPriceTiers(db, eventId),
    readRows(
      db,
      'seat-map',
      sectionRow,
      `SELECT id, name, kind, price_tier_id, capacity, geometry, sort_order
         FROM sections WHERE event_id = $1 ORDER BY sort_order, name, id`,
      [eventId],
    ),
    readRows(
      db,
      'seat-map',
      seatRow,
      `SELECT s.id, s.section_id, s.row_label, s.seat_label, s.x, s.y, s.price_tier_id
         FROM seats s JOIN sections c ON c.id = s.section_id
        WHERE s.event_id = $1 AND c.kind = 'reserved'
        ORDER BY s.section_id, length(s.row_label), s.row_label, length(s.seat_label), s.seat_label`,
      [eventId],
    ),
  ]);
  const rowsBySection = new Map<string, Map<string, Row>>();
  for (const seat of seats) {
    let rows = rowsBySection.get(seat.section_id);
    if (!rows) rowsBySection.set(seat.section_id, (rows = new Map<string, Row>()));
    let row = rows.get(seat.row_label);
    if (!row) rows.set(seat.row_label, (row = { label: seat.row_label, seats: [] }));
    row.seats.push({ id: seat.id, label: seat.seat_label, x: seat.x, y: seat.y, priceTierId: seat.price_tier_id });
  }
  return {
    eventId,
    priceTiers: tiers,
    sections: sections.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      priceTierId: s.price_tier_id,
      capacity: s.capacity,
      geometry: s.geometry,
      sortOrder: s.sort_order,
      rows: [...(rowsBySection.get(s.id)?.values() ?? [])],
    })),
  };
}
