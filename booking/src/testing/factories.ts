import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../db/sql.ts';

/**
 * Factories that write rows straight into the booking schema, so a test
 * builds exactly the world it needs (a venue, an event with sections and
 * seats, a drop, a fan's hold) without going through the use cases under
 * test. Every factory takes overrides and returns the ids it made.
 */

let counter = 0;
const nextLabel = (prefix: string) => `${prefix} ${++counter}`;

export interface VenueRow {
  id: string;
  name: string;
  city: string;
}

export async function createVenue(em: EntityManager, overrides: Partial<VenueRow> = {}): Promise<VenueRow> {
  const venue = { id: randomUUID(), name: nextLabel('Venue'), city: 'Lisbon', ...overrides };
  await em.execute('INSERT INTO venues (id, name, city) VALUES (?, ?, ?)', [venue.id, venue.name, venue.city]);
  return venue;
}

export interface EventRow {
  id: string;
  venueId: string;
  organizerId: string;
  name: string;
  startsAt: Date;
  status: 'draft' | 'published' | 'cancelled';
}

export async function createEvent(em: EntityManager, overrides: Partial<EventRow> = {}): Promise<EventRow> {
  const venueId = overrides.venueId ?? (await createVenue(em)).id;
  const event: EventRow = {
    id: randomUUID(),
    organizerId: 'organizer-1',
    name: nextLabel('Event'),
    startsAt: new Date(Date.now() + 30 * 24 * 3600_000),
    status: 'published',
    ...overrides,
    venueId,
  };
  await em.execute(
    'INSERT INTO events (id, venue_id, organizer_id, name, starts_at, status) VALUES (?, ?, ?, ?, ?, ?)',
    [event.id, event.venueId, event.organizerId, event.name, event.startsAt, event.status],
  );
  return event;
}

export interface PriceTierRow {
  id: string;
  eventId: string;
  name: string;
  priceCents: number;
  currency: string;
}

export async function createPriceTier(
  em: EntityManager,
  eventId: string,
  overrides: Partial<Omit<PriceTierRow, 'eventId'>> = {},
): Promise<PriceTierRow> {
  const tier = { id: randomUUID(), eventId, name: nextLabel('Tier'), priceCents: 5_000, currency: 'EUR', ...overrides };
  await em.execute('INSERT INTO price_tiers (id, event_id, name, price_cents, currency) VALUES (?, ?, ?, ?, ?)', [
    tier.id,
    tier.eventId,
    tier.name,
    tier.priceCents,
    tier.currency,
  ]);
  return tier;
}

export interface SectionRow {
  id: string;
  eventId: string;
  name: string;
  kind: 'reserved' | 'general';
  priceTierId: string;
  /** The seats (or general admission places) created with the section, in label order. */
  seatIds: string[];
}

export interface SectionOptions {
  name?: string;
  kind?: 'reserved' | 'general';
  /** Seats to create in the section; also its capacity. */
  seats?: number;
  /** The drop the seats are released in. */
  dropId?: string | null;
  rowLabel?: string;
}

export async function createSection(
  em: EntityManager,
  event: { id: string },
  tier: { id: string },
  options: SectionOptions = {},
): Promise<SectionRow> {
  const kind = options.kind ?? 'reserved';
  const count = options.seats ?? 0;
  const section = { id: randomUUID(), eventId: event.id, name: options.name ?? nextLabel('Section'), kind };
  await em.execute(
    'INSERT INTO sections (id, event_id, name, kind, price_tier_id, capacity) VALUES (?, ?, ?, ?, ?, ?)',
    [section.id, section.eventId, section.name, kind, tier.id, count],
  );
  const seatIds = await createSeats(em, {
    eventId: event.id,
    sectionId: section.id,
    priceTierId: tier.id,
    dropId: options.dropId ?? null,
    count,
    rowLabel: options.rowLabel ?? (kind === 'reserved' ? 'A' : ''),
  });
  return { ...section, priceTierId: tier.id, seatIds };
}

export interface SeatsOptions {
  eventId: string;
  sectionId: string;
  priceTierId: string;
  dropId?: string | null;
  count: number;
  rowLabel?: string;
  /** First seat number; labels are consecutive from it. */
  firstNumber?: number;
}

export async function createSeats(em: EntityManager, options: SeatsOptions): Promise<string[]> {
  if (options.count === 0) return [];
  const first = options.firstNumber ?? 1;
  const ids = Array.from({ length: options.count }, () => randomUUID());
  const labels = ids.map((_, i) => String(first + i));
  await em.execute(
    `INSERT INTO seats (id, event_id, section_id, drop_id, row_label, seat_label, price_tier_id)
     SELECT s.id, ?, ?, ?, ?, s.label, ? FROM unnest(?::uuid[], ?::text[]) AS s(id, label)`,
    [
      options.eventId,
      options.sectionId,
      options.dropId ?? null,
      options.rowLabel ?? 'A',
      options.priceTierId,
      pgArray(ids),
      pgArray(labels),
    ],
  );
  return ids;
}

export interface DropRow {
  id: string;
  eventId: string;
  name: string;
  size: number;
  holdSeconds: number;
  perUserLimit: number;
  opensAt: Date;
}

/** Queue settings a test may state instead of leaving them to the columns' defaults. */
export interface DropQueueSettings {
  queueEnabled?: boolean;
  paused?: boolean;
  releaseRatePerMinute?: number;
  maxActive?: number;
}

export async function createDrop(
  em: EntityManager,
  eventId: string,
  overrides: Partial<Omit<DropRow, 'eventId'>> & DropQueueSettings = {},
): Promise<DropRow> {
  const { queueEnabled, paused, releaseRatePerMinute, maxActive, ...rowOverrides } = overrides;
  const drop: DropRow = {
    id: randomUUID(),
    name: nextLabel('Drop'),
    size: 100,
    holdSeconds: 600,
    perUserLimit: 4,
    opensAt: new Date(Date.now() - 60_000),
    ...rowOverrides,
    eventId,
  };
  await em.execute(
    `INSERT INTO drops (id, event_id, name, size, hold_seconds, per_user_limit, opens_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [drop.id, drop.eventId, drop.name, drop.size, drop.holdSeconds, drop.perUserLimit, drop.opensAt],
  );
  await em.execute(
    `UPDATE drops SET queue_enabled = coalesce(?, queue_enabled), paused = coalesce(?, paused),
            release_rate_per_minute = coalesce(?, release_rate_per_minute), max_active = coalesce(?, max_active)
      WHERE id = ?`,
    [queueEnabled ?? null, paused ?? null, releaseRatePerMinute ?? null, maxActive ?? null, drop.id],
  );
  return drop;
}

export interface HoldInvariants {
  activeHolds: number;
  heldSeats: number;
  /** Seats that appear in more than one active hold: must be 0. */
  doublyHeld: number;
  /** Active holds whose seats are not all theirs: must be 0. */
  partial: number;
}

/** What must hold of a drop's holds after any amount of contention, for tests and benchmarks to check. */
export async function holdInvariants(em: EntityManager, dropId: string): Promise<HoldInvariants> {
  const [row] = await em.execute<Array<{ active: number; held: number; doubly: number; partial: number }>>(
    `WITH d AS (SELECT ?::uuid AS id)
     SELECT (SELECT count(*)::int FROM holds h, d WHERE h.drop_id = d.id AND h.status = 'active') AS active,
            (SELECT count(*)::int FROM seats s, d WHERE s.drop_id = d.id AND s.status = 'held') AS held,
            (SELECT count(*)::int FROM (SELECT hs.seat_id FROM hold_seats hs JOIN holds h ON h.id = hs.hold_id, d
                                         WHERE h.drop_id = d.id AND h.status = 'active'
                                         GROUP BY hs.seat_id HAVING count(*) > 1) x) AS doubly,
            (SELECT count(*)::int FROM holds h, d WHERE h.drop_id = d.id AND h.status = 'active'
                AND h.seat_count <> (SELECT count(*) FROM seats s WHERE s.hold_id = h.id)) AS partial`,
    [dropId],
  );
  return {
    activeHolds: row?.active ?? -1,
    heldSeats: row?.held ?? -1,
    doublyHeld: row?.doubly ?? -1,
    partial: row?.partial ?? -1,
  };
}

export interface HoldRow {
  id: string;
  eventId: string;
  dropId: string;
  userId: string;
  seatIds: string[];
  expiresAt: Date;
}

export interface HoldOptions {
  userId: string;
  seatIds: string[];
  /** Seconds from now; negative for a hold whose time is already up. Default 600. */
  expiresInSeconds?: number;
  status?: 'active' | 'released' | 'expired' | 'converted';
}

/**
 * A hold as the holds use case leaves it: the hold row, its hold_seats, and
 * each seat `held` by it until the expiry. Seats are taken over whatever
 * state they were in, so a test can stage "the hold lapsed and another fan
 * took the seat" by creating a second hold on the same seats.
 */
export async function createHold(
  em: EntityManager,
  drop: { id: string; eventId: string },
  options: HoldOptions,
): Promise<HoldRow> {
  const hold: HoldRow = {
    id: randomUUID(),
    eventId: drop.eventId,
    dropId: drop.id,
    userId: options.userId,
    seatIds: options.seatIds,
    expiresAt: new Date(Date.now() + (options.expiresInSeconds ?? 600) * 1000),
  };
  const status = options.status ?? 'active';
  await em.execute(
    `INSERT INTO holds (id, event_id, drop_id, user_id, status, seat_count, expires_at, ended_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = 'active' THEN NULL ELSE now() END)`,
    [hold.id, hold.eventId, hold.dropId, hold.userId, status, hold.seatIds.length, hold.expiresAt, status],
  );
  await em.execute('INSERT INTO hold_seats (hold_id, seat_id) SELECT ?, unnest(?::uuid[])', [
    hold.id,
    pgArray(hold.seatIds),
  ]);
  if (status === 'active') {
    await em.execute(
      `UPDATE seats SET status = 'held', hold_id = ?, held_until = ?, version = version + 1, updated_at = now()
       WHERE id = ANY(?::uuid[])`,
      [hold.id, hold.expiresAt, pgArray(hold.seatIds)],
    );
  }
  return hold;
}

/** An event on sale: venue, event, one price tier, one reserved section of seats, an open drop. */
export interface SaleFixture {
  event: EventRow;
  tier: PriceTierRow;
  section: SectionRow;
  drop: DropRow;
  seatIds: string[];
}

export async function createSale(
  em: EntityManager,
  options: { seats?: number; priceCents?: number; currency?: string } = {},
): Promise<SaleFixture> {
  const event = await createEvent(em);
  const tier = await createPriceTier(em, event.id, {
    priceCents: options.priceCents ?? 5_000,
    currency: options.currency ?? 'EUR',
  });
  const drop = await createDrop(em, event.id);
  const section = await createSection(em, event, tier, { seats: options.seats ?? 10, dropId: drop.id });
  return { event, tier, section, drop, seatIds: section.seatIds };
}

export interface SeatState {
  id: string;
  status: string;
  holdId: string | null;
  version: number;
}

/** The live state of seats, in the order asked. */
export async function readSeats(em: EntityManager, seatIds: string[]): Promise<SeatState[]> {
  const rows = await em.execute<Array<{ id: string; status: string; hold_id: string | null; version: string }>>(
    'SELECT id, status, hold_id, version FROM seats WHERE id = ANY(?::uuid[])',
    [pgArray(seatIds)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return seatIds.map((id) => {
    const row = byId.get(id);
    if (!row) throw new Error(`no seat ${id}`);
    return { id, status: row.status, holdId: row.hold_id, version: Number(row.version) };
  });
}

/** Outbox messages written so far, oldest first, optionally of one type. */
export async function readOutbox(
  em: EntityManager,
  type?: string,
): Promise<Array<{ type: string; id: string; data: Record<string, unknown> }>> {
  const rows = await em.execute<Array<{ routing_key: string; payload: { id: string; data: Record<string, unknown> } }>>(
    `SELECT routing_key, payload FROM outbox WHERE (?::text IS NULL OR routing_key = ?) ORDER BY id`,
    [type ?? null, type ?? null],
  );
  return rows.map((r) => ({ type: r.routing_key, id: r.payload.id, data: r.payload.data }));
}
