import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/**
 * A sale of its own for each scenario: a venue, a published event, one
 * reserved section drawn as a grid (so the map has real coordinates) and a
 * queued drop with the scenario's release rate and hold time.
 */
export interface SaleOptions {
  name: string;
  rows: number;
  seatsPerRow: number;
  priceCents?: number;
  releaseRatePerMinute: number;
  maxActive?: number;
  holdSeconds?: number;
  perUserLimit?: number;
  opensAt?: Date;
}

export interface Sale {
  eventId: string;
  dropId: string;
  /** Seat ids row by row, then by number. */
  seats: Array<{ id: string; row: string; label: string }>;
}

const organizerId = '8d3f1c52-6a0e-4b7c-9f21-3e5a7c9b1d03';
const pitch = 10;

export async function createSale(pool: pg.Pool, options: SaleOptions): Promise<Sale> {
  const venueId = randomUUID();
  const eventId = randomUUID();
  const tierId = randomUUID();
  const sectionId = randomUUID();
  const dropId = randomUUID();
  const startsAt = new Date(Date.now() + 40 * 86_400_000);
  startsAt.setUTCHours(18, 30, 0, 0);
  const capacity = options.rows * options.seatsPerRow;
  await pool.query(
    `INSERT INTO venues (id, name, city, address, timezone) VALUES ($1, $2, 'Lisbon', 'Rua do Cais 1', 'Europe/Lisbon')`,
    [venueId, `${options.name} Hall`],
  );
  await pool.query(
    `INSERT INTO events (id, venue_id, organizer_id, name, description, starts_at, ends_at, status)
     VALUES ($1, $2, $3, $4, 'A browser test sale.', $5, $6, 'published')`,
    [eventId, venueId, organizerId, options.name, startsAt, new Date(startsAt.getTime() + 3 * 3_600_000)],
  );
  await pool.query(`INSERT INTO price_tiers (id, event_id, name, price_cents) VALUES ($1, $2, 'Stalls', $3)`, [
    tierId,
    eventId,
    options.priceCents ?? 4_500,
  ]);
  const box = { shape: 'rect', x: 0, y: 100, width: options.seatsPerRow * pitch, height: options.rows * pitch };
  await pool.query(
    `INSERT INTO sections (id, event_id, name, kind, price_tier_id, capacity, geometry, sort_order)
     VALUES ($1, $2, 'Stalls', 'reserved', $3, $4, $5, 1)`,
    [
      sectionId,
      eventId,
      tierId,
      capacity,
      JSON.stringify({ ...box, rows: options.rows, seatsPerRow: options.seatsPerRow, seatPitch: pitch }),
    ],
  );
  await pool.query(
    `INSERT INTO drops (id, event_id, name, size, release_rate_per_minute, max_active, hold_seconds, per_user_limit,
                        opens_at, queue_enabled)
     VALUES ($1, $2, 'General sale', $3, $4, $5, $6, $7, $8, true)`,
    [
      dropId,
      eventId,
      capacity,
      options.releaseRatePerMinute,
      options.maxActive ?? 100,
      options.holdSeconds ?? 600,
      options.perUserLimit ?? 4,
      options.opensAt ?? new Date(Date.now() - 60_000),
    ],
  );
  const seats: Sale['seats'] = [];
  for (let r = 0; r < options.rows; r++) {
    for (let n = 0; n < options.seatsPerRow; n++) {
      const seat = { id: randomUUID(), row: String.fromCharCode(65 + r), label: String(n + 1) };
      seats.push(seat);
      await pool.query(
        `INSERT INTO seats (id, event_id, section_id, drop_id, row_label, seat_label, price_tier_id, x, y)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [seat.id, eventId, sectionId, dropId, seat.row, seat.label, tierId, (n + 0.5) * pitch, 100 + (r + 0.5) * pitch],
      );
    }
  }
  return { eventId, dropId, seats };
}

/** Moves a drop into its pre-queue: open for joining now, the sale itself `secondsToStart` from now. */
export async function startPrequeue(pool: pg.Pool, dropId: string, secondsToStart: number): Promise<Date> {
  const { rows } = await pool.query<{ opens_at: Date }>(
    `UPDATE drops SET prequeue_opens_at = now() - interval '1 minute',
                      opens_at = now() + make_interval(secs => $2), version = version + 1
      WHERE id = $1 RETURNING opens_at`,
    [dropId, secondsToStart],
  );
  return rows[0]!.opens_at;
}

/** Pauses a drop as the organizer's dashboard does: the row changes and `drop.changed` goes out through the outbox. */
export async function pauseDrop(pool: pg.Pool, dropId: string): Promise<void> {
  const { rows } = await pool.query<{ event_id: string; version: number }>(
    'UPDATE drops SET paused = true, version = version + 1 WHERE id = $1 RETURNING event_id, version',
    [dropId],
  );
  const drop = rows[0]!;
  const envelope = {
    id: randomUUID(),
    type: 'drop.changed',
    occurredAt: new Date().toISOString(),
    data: { dropId, eventId: drop.event_id, version: drop.version },
  };
  await pool.query(`INSERT INTO outbox (message_id, routing_key, payload) VALUES ($1, $2, $3::jsonb)`, [
    envelope.id,
    envelope.type,
    JSON.stringify(envelope),
  ]);
  await pool.query(`SELECT pg_notify('outbox', '')`);
}
