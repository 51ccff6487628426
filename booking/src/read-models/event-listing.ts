import { z } from 'zod';
import type { EventDetail, EventSummary } from '@ticketing/common/contracts/event-listing';
import { publicStatusList } from '../events/status.ts';
import { readPriceTiers } from './price-tiers.ts';
import { charText, readRows, type Queryable } from './queryable.ts';

/*
 * Events as the public sees them: only published ones (or on sale, events/status.ts), with their venue and
 * lowest price (the catalog's `GET /events` and `GET /events/:id`).
 */

const summaryRow = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  starts_at: z.date(),
  ends_at: z.date().nullable(),
  venue_id: z.string(),
  venue_name: z.string(),
  city: z.string(),
  address: z.string(),
  timezone: z.string(),
  price_from: z.number().int().nullable(),
  currency: charText.nullable(),
  next_drop: z
    .object({
      id: z.string(),
      name: z.string(),
      prequeue_opens_at: z.string().nullable(),
      opens_at: z.string(),
      closes_at: z.string().nullable(),
      paused: z.boolean(),
    })
    .nullable(),
});
type SummaryRow = z.output<typeof summaryRow>;

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
    priceFrom: row.price_from === null ? null : { cents: row.price_from, currency: row.currency ?? '' },
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

/** The orders a search can list in; each is a keyset the next page continues from. */
export const eventSorts = ['starts_at', '-starts_at', 'name'] as const;
export type EventSort = (typeof eventSorts)[number];

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

/** The value of an event in a sort order: what `after.value` of the next page's search is. */
export function sortValueOf(summary: EventSummary, sort: EventSort): string {
  return sort === 'name' ? summary.name.toLowerCase() : summary.startsAt;
}

export async function searchEvents(db: Queryable, search: EventSearch): Promise<EventSummary[]> {
  const where = [`e.status IN ${publicStatusList}`];
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
  const rows = await readRows(
    db,
    'event-listing',
    summaryRow,
    `SELECT ${summaryColumns} ${summaryFrom}
      WHERE ${where.join(' AND ')}
      ORDER BY ${order.expression} ${order.direction}, e.id ${order.direction}
      LIMIT ${param(search.limit)}`,
    values,
  );
  return rows.map(summaryOf);
}

const dropRow = z
  .object({
    id: z.string(),
    name: z.string(),
    size: z.number().int(),
    prequeue_opens_at: z.date().nullable(),
    opens_at: z.date(),
    closes_at: z.date().nullable(),
    queue_enabled: z.boolean(),
    paused: z.boolean(),
  })
  .transform((row): EventDetail['drops'][number] => ({
    id: row.id,
    name: row.name,
    size: row.size,
    prequeueOpensAt: row.prequeue_opens_at?.toISOString() ?? null,
    opensAt: row.opens_at.toISOString(),
    closesAt: row.closes_at?.toISOString() ?? null,
    queueEnabled: row.queue_enabled,
    paused: row.paused,
  }));

/** A published event with its venue, price tiers and drops; undefined for drafts and unknown ids. */
export async function findPublishedEvent(db: Queryable, eventId: string): Promise<EventDetail | undefined> {
  const [row] = await readRows(
    db,
    'event-listing',
    summaryRow,
    `SELECT ${summaryColumns} ${summaryFrom} WHERE e.id = $1 AND e.status IN ${publicStatusList}`,
    [eventId],
  );
  if (!row) return undefined;
  const [tiers, drops] = await Promise.all([
    readPriceTiers(db, eventId),
    readRows(
      db,
      'event-listing',
      dropRow,
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
    drops,
  };
}
