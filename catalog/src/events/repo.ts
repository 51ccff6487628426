import type pg from 'pg';
import type { EventDetail, EventSort, EventSummary, SeatMap } from './schema.ts';

/** Read-only SQL over booking's schema. Only published events are visible to the public. */

interface SummaryRow {
  id: string;
  name: string;
  description: string;
  starts_at: Date;
  ends_at: Date | null;
  venue_id: string;
  venue_name: string;
  city: string;
  address: string;
  timezone: string;
  price_from: number | null;
  currency: string | null;
  next_drop: {
    id: string;
    name: string;
    prequeue_opens_at: string | null;
    opens_at: string;
    closes_at: string | null;
    paused: boolean;
  } | null;
}

const summaryColumns = `
  e.id, e.name, e.description, e.starts_at, e.ends_at,
  v.id AS venue_id, v.name AS venue_name, v.city, v.address, v.timezone,
  p.price_from, p.currency, nd.next_drop`;

const summaryFrom = `
  FROM events e
  JOIN venues v ON v.id = e.venue_id
  LEFT JOIN LATERAL (
    SELECT price_cents AS price_from, currency FROM price_tiers t
     WHERE t.event_id = e.id ORDER BY price_cents, id LIMIT 1
  ) p ON true
  LEFT JOIN LATERAL (
    SELECT json_build_object(
             'id', d.id, 'name', d.name, 'prequeue_opens_at', d.prequeue_opens_at, 'opens_at', d.opens_at,
             'closes_at', d.closes_at, 'paused', d.paused) AS next_drop
      FROM drops d
     WHERE d.event_id = e.id AND (d.closes_at IS NULL OR d.closes_at > now())
     ORDER BY d.opens_at, d.id LIMIT 1
  ) nd ON true`;

/** json_build_object writes a timestamptz in the session's offset; every date in a document is UTC ISO. */
const isoOf = (value: string) => new Date(value).toISOString();

function summaryOf(row: SummaryRow): EventSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null,
    venue: { id: row.venue_id, name: row.venue_name, city: row.city, timezone: row.timezone },
    priceFrom: row.price_from === null ? null : { cents: row.price_from, currency: (row.currency ?? '').trim() },
    nextDrop:
      row.next_drop === null
        ? null
        : {
            id: row.next_drop.id,
            name: row.next_drop.name,
            prequeueOpensAt: row.next_drop.prequeue_opens_at === null ? null : isoOf(row.next_drop.prequeue_opens_at),
            opensAt: isoOf(row.next_drop.opens_at),
            closesAt: row.next_drop.closes_at === null ? null : isoOf(row.next_drop.closes_at),
            paused: row.next_drop.paused,
          },
  };
}

export interface EventSearch {
  text?: string | undefined;
  city?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  sort: EventSort;
  limit: number;
  /** Keyset position: the sort value and id of the last row of the previous page. */
  after?: { value: string; id: string } | undefined;
}

/** `%` and `_` in the fan's words are literal, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const orderBy: Record<EventSort, { expression: string; direction: 'ASC' | 'DESC' }> = {
  starts_at: { expression: 'e.starts_at', direction: 'ASC' },
  '-starts_at': { expression: 'e.starts_at', direction: 'DESC' },
  name: { expression: 'lower(e.name)', direction: 'ASC' },
};

export function sortValueOf(summary: EventSummary, sort: EventSort): string {
  return sort === 'name' ? summary.name.toLowerCase() : summary.startsAt;
}

export async function searchEvents(pool: pg.Pool, search: EventSearch): Promise<EventSummary[]> {
  const where = [`e.status = 'published'`];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (search.text !== undefined) {
    const p = param(likePattern(search.text));
    where.push(`(e.name ILIKE ${p} OR e.description ILIKE ${p} OR v.name ILIKE ${p})`);
  }
  if (search.city !== undefined) where.push(`lower(v.city) = lower(${param(search.city)})`);
  if (search.from !== undefined) where.push(`e.starts_at >= ${param(search.from)}`);
  if (search.to !== undefined) where.push(`e.starts_at < ${param(search.to)}`);
  const order = orderBy[search.sort];
  if (search.after) {
    const cast = search.sort === 'name' ? 'text' : 'timestamptz';
    const comparison = order.direction === 'ASC' ? '>' : '<';
    where.push(
      `(${order.expression}, e.id) ${comparison} (${param(search.after.value)}::${cast}, ${param(search.after.id)}::uuid)`,
    );
  }
  const { rows } = await pool.query<SummaryRow>(
    `SELECT ${summaryColumns} ${summaryFrom}
      WHERE ${where.join(' AND ')}
      ORDER BY ${order.expression} ${order.direction}, e.id ${order.direction}
      LIMIT ${param(search.limit)}`,
    values,
  );
  return rows.map(summaryOf);
}

export async function findPublishedEvent(pool: pg.Pool, eventId: string): Promise<EventDetail | undefined> {
  const { rows } = await pool.query<SummaryRow>(
    `SELECT ${summaryColumns} ${summaryFrom} WHERE e.id = $1 AND e.status = 'published'`,
    [eventId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const [tiers, drops] = await Promise.all([
    readPriceTiers(pool, eventId),
    pool.query<{
      id: string;
      name: string;
      size: number;
      prequeue_opens_at: Date | null;
      opens_at: Date;
      closes_at: Date | null;
      queue_enabled: boolean;
      paused: boolean;
    }>(
      `SELECT id, name, size, prequeue_opens_at, opens_at, closes_at, queue_enabled, paused
         FROM drops WHERE event_id = $1 ORDER BY opens_at, id`,
      [eventId],
    ),
  ]);
  const summary = summaryOf(row);
  return {
    ...summary,
    venue: { ...summary.venue, address: row.address },
    priceTiers: tiers,
    drops: drops.rows.map((d) => ({
      id: d.id,
      name: d.name,
      size: d.size,
      prequeueOpensAt: d.prequeue_opens_at?.toISOString() ?? null,
      opensAt: d.opens_at.toISOString(),
      closesAt: d.closes_at?.toISOString() ?? null,
      queueEnabled: d.queue_enabled,
      paused: d.paused,
    })),
  };
}

async function readPriceTiers(pool: pg.Pool, eventId: string) {
  const { rows } = await pool.query<{ id: string; name: string; price_cents: number; currency: string }>(
    'SELECT id, name, price_cents, currency FROM price_tiers WHERE event_id = $1 ORDER BY price_cents, name',
    [eventId],
  );
  return rows.map((t) => ({ id: t.id, name: t.name, priceCents: t.price_cents, currency: t.currency.trim() }));
}

export async function readSeatMap(pool: pg.Pool, eventId: string): Promise<SeatMap> {
  const [tiers, sections, seats] = await Promise.all([
    readPriceTiers(pool, eventId),
    pool.query<{
      id: string;
      name: string;
      kind: 'reserved' | 'general';
      price_tier_id: string;
      capacity: number;
      geometry: Record<string, unknown>;
      sort_order: number;
    }>(
      `SELECT id, name, kind, price_tier_id, capacity, geometry, sort_order
         FROM sections WHERE event_id = $1 ORDER BY sort_order, name, id`,
      [eventId],
    ),
    pool.query<{
      id: string;
      section_id: string;
      row_label: string;
      seat_label: string;
      x: number | null;
      y: number | null;
      price_tier_id: string;
    }>(
      `SELECT s.id, s.section_id, s.row_label, s.seat_label, s.x, s.y, s.price_tier_id
         FROM seats s JOIN sections c ON c.id = s.section_id
        WHERE s.event_id = $1 AND c.kind = 'reserved'
        ORDER BY s.section_id, length(s.row_label), s.row_label, length(s.seat_label), s.seat_label`,
      [eventId],
    ),
  ]);
  type Row = SeatMap['sections'][number]['rows'][number];
  const rowsBySection = new Map<string, Map<string, Row>>();
  for (const seat of seats.rows) {
    let rows = rowsBySection.get(seat.section_id);
    if (!rows) rowsBySection.set(seat.section_id, (rows = new Map<string, Row>()));
    let row = rows.get(seat.row_label);
    if (!row) rows.set(seat.row_label, (row = { label: seat.row_label, seats: [] }));
    row.seats.push({ id: seat.id, label: seat.seat_label, x: seat.x, y: seat.y, priceTierId: seat.price_tier_id });
  }
  return {
    eventId,
    priceTiers: tiers,
    sections: sections.rows.map((s) => ({
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
