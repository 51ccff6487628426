import { mayManage, type Actor } from '../actor.ts';
import { epochMs, type Sql } from '../db/sql.ts';
import type { EventView } from './schema.ts';
import type { EventStatus } from './status.ts';

/*
 * Events as their organizers manage them. Every read names the actor: what
 * they may not manage is as absent as what does not exist. Timestamps are
 * read as epoch milliseconds (db/sql.ts) and handed out as Dates.
 */

export interface EventRecord {
  id: string;
  venueId: string;
  organizerId: string;
  name: string;
  description: string;
  startsAt: Date;
  endsAt: Date | null;
  status: EventStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  venue: { id: string; name: string; city: string; address: string; timezone: string };
  counts: { priceTiers: number; sections: number; seats: number; heldOrSold: number; drops: number };
}

/** What an organizer edits; the rest changes through the lifecycle or follows from the seat map. */
export type EventFields = Pick<EventRecord, 'venueId' | 'name' | 'description' | 'startsAt' | 'endsAt'>;

interface EventRow {
  id: string;
  venue_id: string;
  organizer_id: string;
  name: string;
  description: string;
  status: EventStatus;
  starts_at: number;
  ends_at: number | null;
  version: number;
  created_at: number;
  updated_at: number;
  venue_name: string;
  city: string;
  address: string;
  timezone: string;
  price_tiers: number;
  sections: number;
  seats: number;
  held_or_sold: number;
  drops: number;
}

const fieldColumns: Record<keyof EventFields, string> = {
  venueId: 'venue_id',
  name: 'name',
  description: 'description',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
};

const eventSelect = `
  SELECT e.id, e.venue_id, e.organizer_id, e.name, e.description, e.status,
         ${epochMs('e.starts_at')} AS starts_at, ${epochMs('e.ends_at')} AS ends_at, e.version,
         ${epochMs('e.created_at')} AS created_at, ${epochMs('e.updated_at')} AS updated_at,
         v.name AS venue_name, v.city, v.address, v.timezone,
         (SELECT count(*)::int FROM price_tiers t WHERE t.event_id = e.id) AS price_tiers,
         (SELECT count(*)::int FROM sections c WHERE c.event_id = e.id) AS sections,
         (SELECT count(*)::int FROM seats s WHERE s.event_id = e.id) AS seats,
         (SELECT count(*)::int FROM seats s WHERE s.event_id = e.id AND s.status IN ('held', 'sold')) AS held_or_sold,
         (SELECT count(*)::int FROM drops d WHERE d.event_id = e.id) AS drops
    FROM events e JOIN venues v ON v.id = e.venue_id`;

function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    venueId: row.venue_id,
    organizerId: row.organizer_id,
    name: row.name,
    description: row.description,
    startsAt: new Date(row.starts_at),
    endsAt: row.ends_at === null ? null : new Date(row.ends_at),
    status: row.status,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    venue: { id: row.venue_id, name: row.venue_name, city: row.city, address: row.address, timezone: row.timezone },
    counts: {
      priceTiers: row.price_tiers,
      sections: row.sections,
      seats: row.seats,
      heldOrSold: row.held_or_sold,
      drops: row.drops,
    },
  };
}

/**
 * The event, if the actor may manage it. With `lock`, its row is locked for
 * the rest of the transaction: every change of an event or its seat map
 * takes this lock first, so they apply one at a time, each on the version
 * the one before it wrote.
 */
export async function findManagedEvent(
  sql: Sql,
  actor: Actor,
  eventId: string,
  options: { lock?: boolean } = {},
): Promise<EventRecord | undefined> {
  const [row] = await sql.query<EventRow>(`${eventSelect} WHERE e.id = ? ${options.lock ? 'FOR UPDATE OF e' : ''}`, [
    eventId,
  ]);
  return row && mayManage(actor, row.organizer_id) ? toEvent(row) : undefined;
}

/** The actor's events, soonest first; an admin sees every organizer's. */
export async function listManagedEvents(
  sql: Sql,
  actor: Actor,
  status: EventStatus | undefined,
): Promise<EventRecord[]> {
  const rows = await sql.query<EventRow>(
    `${eventSelect}
      WHERE (?::boolean OR e.organizer_id = ?) AND (?::text IS NULL OR e.status = ?)
      ORDER BY e.starts_at, e.id`,
    [actor.isAdmin, actor.id, status ?? null, status ?? null],
  );
  return rows.map(toEvent);
}

/** A new draft, version 1. */
export async function insertEvent(sql: Sql, event: { id: string; organizerId: string } & EventFields): Promise<void> {
  await sql.query(
    `INSERT INTO events (id, venue_id, organizer_id, name, description, starts_at, ends_at, status, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', 1)`,
    [event.id, event.venueId, event.organizerId, event.name, event.description, event.startsAt, event.endsAt],
  );
}

/** Applies the changes (fields, status) and the next version to an event the caller has locked. */
export async function writeEventChanges(
  sql: Sql,
  eventId: string,
  changes: Partial<EventFields> & { status?: EventStatus },
): Promise<{ version: number; status: EventStatus }> {
  const columns = { ...fieldColumns, status: 'status' };
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as Array<
    [keyof typeof columns, unknown]
  >;
  const assignments = [
    ...entries.map(([field]) => `${columns[field]} = ?`),
    'version = version + 1',
    'updated_at = now()',
  ];
  const [row] = await sql.query<{ version: number; status: EventStatus }>(
    `UPDATE events SET ${assignments.join(', ')} WHERE id = ? RETURNING version, status`,
    [...entries.map(([, value]) => value), eventId],
  );
  if (!row) throw new Error(`event ${eventId} was not updated`);
  return row;
}

/** A new version for every event at the venue (its details changed what they show); their ids, versions and statuses. */
export async function touchEventsAtVenue(
  sql: Sql,
  venueId: string,
): Promise<Array<{ id: string; version: number; status: EventStatus }>> {
  return sql.query(
    `UPDATE events SET version = version + 1, updated_at = now() WHERE venue_id = ?
     RETURNING id, version, status`,
    [venueId],
  );
}

export function presentEvent(event: EventRecord): EventView {
  return {
    id: event.id,
    organizerId: event.organizerId,
    name: event.name,
    description: event.description,
    status: event.status,
    venue: event.venue,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt?.toISOString() ?? null,
    version: event.version,
    seatMap: {
      priceTiers: event.counts.priceTiers,
      sections: event.counts.sections,
      seats: event.counts.seats,
      heldOrSold: event.counts.heldOrSold,
      editable: (event.status === 'draft' || event.status === 'published') && event.counts.heldOrSold === 0,
    },
    drops: event.counts.drops,
    createdAt: event.createdAt.toISOString(),
    updatedAt: event.updatedAt.toISOString(),
  };
}
