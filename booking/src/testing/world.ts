import { randomUUID } from 'node:crypto';
import type { Queryable } from '../read-models/queryable.ts';

/**
 * An event on sale as the services that read booking's data need it: a
 * venue, a published event with one price tier, a drop that is open, a
 * reserved section with drawn seats and a general admission section. Takes
 * any pool, so tests of other services build it on their own database.
 */
export interface World {
  venueId: string;
  eventId: string;
  dropId: string;
  tierId: string;
  reservedSectionId: string;
  generalSectionId: string;
  /** Reserved seats in label order. */
  seatIds: string[];
  /** General admission places. */
  placeIds: string[];
}

export interface WorldOptions {
  reserved?: number;
  general?: number;
  eventName?: string;
  description?: string;
  venueName?: string;
  city?: string;
  startsAt?: Date;
  status?: 'draft' | 'published' | 'cancelled';
  priceCents?: number;
}

export async function createWorld(db: Queryable, options: WorldOptions = {}): Promise<World> {
  const venueId = randomUUID();
  const eventId = randomUUID();
  const dropId = randomUUID();
  const tierId = randomUUID();
  const reservedSectionId = randomUUID();
  const generalSectionId = randomUUID();
  const reserved = options.reserved ?? 10;
  const general = options.general ?? 5;
  await db.query('INSERT INTO venues (id, name, city, address) VALUES ($1, $2, $3, $4)', [
    venueId,
    options.venueName ?? `Venue ${venueId.slice(0, 6)}`,
    options.city ?? 'Lisbon',
    'Rua 1',
  ]);
  await db.query(
    `INSERT INTO events (id, venue_id, organizer_id, name, description, starts_at, status)
     VALUES ($1, $2, 'organizer-1', $3, $4, $5, $6)`,
    [
      eventId,
      venueId,
      options.eventName ?? `Event ${eventId.slice(0, 6)}`,
      options.description ?? '',
      options.startsAt ?? new Date(Date.now() + 30 * 86_400_000),
      options.status ?? 'published',
    ],
  );
  await db.query('INSERT INTO price_tiers (id, event_id, name, price_cents) VALUES ($1, $2, $3, $4)', [
    tierId,
    eventId,
    'Standard',
    options.priceCents ?? 4_500,
  ]);
  await db.query(`INSERT INTO drops (id, event_id, name, size, opens_at) VALUES ($1, $2, 'Main', $3, now())`, [
    dropId,
    eventId,
    reserved + general,
  ]);
  await db.query(
    `INSERT INTO sections (id, event_id, name, kind, price_tier_id, capacity, geometry, sort_order) VALUES
       ($1, $3, 'Stalls', 'reserved', $4, $5, '{"outline":[[0,0],[100,0],[100,50]]}', 1),
       ($2, $3, 'Floor', 'general', $4, $6, '{}', 2)`,
    [reservedSectionId, generalSectionId, eventId, tierId, reserved, general],
  );
  const seatIds = Array.from({ length: reserved }, () => randomUUID());
  const placeIds = Array.from({ length: general }, () => randomUUID());
  await db.query(
    `INSERT INTO seats (id, event_id, section_id, drop_id, row_label, seat_label, price_tier_id, x, y)
     SELECT s.id, $2, $3, $4, 'A', s.n::text, $5, s.n * 10, 5
       FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, n)`,
    [seatIds, eventId, reservedSectionId, dropId, tierId],
  );
  await db.query(
    `INSERT INTO seats (id, event_id, section_id, drop_id, row_label, seat_label, price_tier_id)
     SELECT s.id, $2, $3, $4, '', 'GA-' || s.n, $5 FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, n)`,
    [placeIds, eventId, generalSectionId, dropId, tierId],
  );
  return { venueId, eventId, dropId, tierId, reservedSectionId, generalSectionId, seatIds, placeIds };
}
