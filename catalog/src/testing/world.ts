import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Envelope, SeatStatus } from '@ticketing/common';

/**
 * SQL factories for the rows the catalog reads, and seat changes made the
 * way booking makes them (status, hold, version + 1 in one statement), each
 * returning the message booking would publish for it.
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

export async function createWorld(pool: pg.Pool, options: WorldOptions = {}): Promise<World> {
  const venueId = randomUUID();
  const eventId = randomUUID();
  const dropId = randomUUID();
  const tierId = randomUUID();
  const reservedSectionId = randomUUID();
  const generalSectionId = randomUUID();
  const reserved = options.reserved ?? 10;
  const general = options.general ?? 5;
  await pool.query('INSERT INTO venues (id, name, city, address) VALUES ($1, $2, $3, $4)', [
    venueId,
    options.venueName ?? `Venue ${venueId.slice(0, 6)}`,
    options.city ?? 'Lisbon',
    'Rua 1',
  ]);
  await pool.query(
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
  await pool.query('INSERT INTO price_tiers (id, event_id, name, price_cents) VALUES ($1, $2, $3, $4)', [
    tierId,
    eventId,
    'Standard',
    options.priceCents ?? 4_500,
  ]);
  await pool.query(`INSERT INTO drops (id, event_id, name, size, opens_at) VALUES ($1, $2, 'Main', $3, now())`, [
    dropId,
    eventId,
    reserved + general,
  ]);
  await pool.query(
    `INSERT INTO sections (id, event_id, name, kind, price_tier_id, capacity, geometry, sort_order) VALUES
       ($1, $3, 'Stalls', 'reserved', $4, $5, '{"outline":[[0,0],[100,0],[100,50]]}', 1),
       ($2, $3, 'Floor', 'general', $4, $6, '{}', 2)`,
    [reservedSectionId, generalSectionId, eventId, tierId, reserved, general],
  );
  const seatIds = Array.from({ length: reserved }, () => randomUUID());
  const placeIds = Array.from({ length: general }, () => randomUUID());
  await pool.query(
    `INSERT INTO seats (id, event_id, section_id, drop_id, row_label, seat_label, price_tier_id, x, y)
     SELECT s.id, $2, $3, $4, 'A', s.n::text, $5, s.n * 10, 5
       FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, n)`,
    [seatIds, eventId, reservedSectionId, dropId, tierId],
  );
  await pool.query(
    `INSERT INTO seats (id, event_id, section_id, drop_id, row_label, seat_label, price_tier_id)
     SELECT s.id, $2, $3, $4, '', 'GA-' || s.n, $5 FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, n)`,
    [placeIds, eventId, generalSectionId, dropId, tierId],
  );
  return { venueId, eventId, dropId, tierId, reservedSectionId, generalSectionId, seatIds, placeIds };
}

type SeatMessage = 'seat.held' | 'seat.released' | 'seat.sold';

interface ChangedRow {
  id: string;
  section_id: string;
  status: SeatStatus;
  version: string;
  held_until: Date | null;
}

async function changeSeats(
  pool: pg.Pool,
  world: World,
  type: SeatMessage,
  seatIds: readonly string[],
  sql: string,
  params: unknown[],
): Promise<Envelope<SeatMessage>> {
  const { rows } = await pool.query<ChangedRow>(sql, [seatIds, ...params]);
  if (rows.length !== seatIds.length) throw new Error(`changed ${rows.length} of ${seatIds.length} seats`);
  return {
    id: randomUUID(),
    type,
    occurredAt: new Date().toISOString(),
    data: {
      eventId: world.eventId,
      dropId: world.dropId,
      seats: rows.map((r) => ({
        seatId: r.id,
        sectionId: r.section_id,
        status: r.status,
        version: Number(r.version),
        heldUntil: r.held_until?.toISOString() ?? null,
      })),
    },
  };
}

const returning = 'RETURNING id, section_id, status, version::text AS version, held_until';

/** Holds seats for `seconds` (negative: a hold that has already lapsed). */
export async function holdSeats(pool: pg.Pool, world: World, seatIds: readonly string[], seconds = 600) {
  const holdId = randomUUID();
  await pool.query(
    `INSERT INTO holds (id, event_id, drop_id, user_id, seat_count, expires_at)
     VALUES ($1, $2, $3, 'fan-1', $4, now() + make_interval(secs => $5))`,
    [holdId, world.eventId, world.dropId, seatIds.length, seconds],
  );
  return changeSeats(
    pool,
    world,
    'seat.held',
    seatIds,
    `UPDATE seats SET status = 'held', hold_id = $2, held_until = now() + make_interval(secs => $3),
            version = version + 1, updated_at = now()
      WHERE id = ANY($1::uuid[]) ${returning}`,
    [holdId, seconds],
  );
}

export async function sellSeats(pool: pg.Pool, world: World, seatIds: readonly string[]) {
  return changeSeats(
    pool,
    world,
    'seat.sold',
    seatIds,
    `UPDATE seats SET status = 'sold', hold_id = NULL, held_until = NULL, version = version + 1, updated_at = now()
      WHERE id = ANY($1::uuid[]) ${returning}`,
    [],
  );
}

export async function releaseSeats(pool: pg.Pool, world: World, seatIds: readonly string[]) {
  return changeSeats(
    pool,
    world,
    'seat.released',
    seatIds,
    `UPDATE seats SET status = 'available', hold_id = NULL, held_until = NULL, version = version + 1, updated_at = now()
      WHERE id = ANY($1::uuid[]) ${returning}`,
    [],
  );
}
