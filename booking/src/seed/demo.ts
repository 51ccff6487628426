import type pg from 'pg';
import { pgSql } from '../db/sql.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { outboxChannel } from '../outbox/wake.ts';
import { capacityOf, demoIds, demoOrganizerId, geometryOf, sections, seatPitch, tiers } from './demo-plan.ts';

export { demoIds } from './demo-plan.ts';

export interface SeedOptions {
  /** The clock the demo's dates are relative to (the open drop opened a moment ago). */
  now?: Date;
  organizerId?: string;
}

export interface SeedResult {
  /** Rows written per table; all zero when the demo was already there. */
  created: { venues: number; events: number; priceTiers: number; sections: number; drops: number; seats: number };
}

const day = 86_400_000;

/** `days` from `now`, at `hour`:00 UTC: events start on the hour. */
function onTheHour(now: Date, days: number, hour: number): Date {
  const at = new Date(now.getTime() + days * day);
  at.setUTCHours(hour, 0, 0, 0);
  return at;
}

/**
 * Seeds the demo: a venue, an event on sale now (an open, queued drop over
 * 3,400 places) and one whose drop opens tomorrow with its pre-queue open.
 * One transaction; fixed ids and ON CONFLICT DO NOTHING make a second run
 * write nothing, and leave whatever the demo's sales changed as it is.
 */
export async function seedDemo(pool: pg.Pool, options: SeedOptions = {}): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const organizerId = options.organizerId ?? demoOrganizerId();
  const arenaStart = onTheHour(now, 30, 19);
  const jazzStart = onTheHour(now, 60, 20);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const venues = await client.query(
      `INSERT INTO venues (id, name, city, address, timezone, organizer_id)
       VALUES ($1, 'Harbour Arena', 'Rotterdam', 'Maasboulevard 100', 'Europe/Amsterdam', $2)
       ON CONFLICT (id) DO NOTHING`,
      [demoIds.venue, organizerId],
    );
    const events = await client.query(
      `INSERT INTO events (id, venue_id, organizer_id, name, description, starts_at, ends_at, status)
       SELECT e.*, 'published'
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
              AS e(id, venue_id, organizer_id, name, description, starts_at, ends_at)
       ON CONFLICT (id) DO NOTHING`,
      [
        [demoIds.events.arena, demoIds.events.jazz],
        [demoIds.venue, demoIds.venue],
        [organizerId, organizerId],
        ['The Tidal Waves: Summer Tour', 'Midnight Jazz Orchestra'],
        [
          'The Tidal Waves bring their summer tour to the harbour: reserved stands and a standing floor.',
          'A late-night big band set in the round: stalls and a standing area.',
        ],
        [arenaStart, jazzStart],
        [new Date(arenaStart.getTime() + 3 * 3_600_000), new Date(jazzStart.getTime() + 3 * 3_600_000)],
      ],
    );
    const priceTiers = await client.query(
      `INSERT INTO price_tiers (id, event_id, name, price_cents, currency)
       SELECT id, event_id, name, price_cents, 'EUR' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[])
              AS t(id, event_id, name, price_cents)
       ON CONFLICT DO NOTHING`,
      [tiers.map((t) => t.id), tiers.map((t) => t.eventId), tiers.map((t) => t.name), tiers.map((t) => t.priceCents)],
    );
    const sectionRows = await client.query(
      `INSERT INTO sections (id, event_id, name, kind, price_tier_id, capacity, geometry, sort_order)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::int[], $7::jsonb[], $8::int[])
       ON CONFLICT DO NOTHING`,
      [
        sections.map((s) => s.id),
        sections.map((s) => s.eventId),
        sections.map((s) => s.name),
        sections.map((s) => s.kind),
        sections.map((s) => s.tierId),
        sections.map(capacityOf),
        sections.map((s) => JSON.stringify(geometryOf(s))),
        sections.map((s) => s.sectionNo),
      ],
    );
    const drops = await insertDrops(client, now, arenaStart, jazzStart);
    const seats = await insertSeats(client);
    await client.query('COMMIT');
    // After the commit, never inside it (docs/architecture.md): the relay publishes the new drops' messages.
    if (drops > 0) await client.query('SELECT pg_notify($1, $2)', [outboxChannel, '']);
    return {
      created: {
        venues: venues.rowCount ?? 0,
        events: events.rowCount ?? 0,
        priceTiers: priceTiers.rowCount ?? 0,
        sections: sectionRows.rowCount ?? 0,
        drops,
        seats,
      },
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Both drops release every place of their event. A drop that is new gets its
 * `drop.changed` message in the same transaction, as a drop an organizer
 * creates would, so the waiting room and the catalog learn of it.
 */
async function insertDrops(client: pg.PoolClient, now: Date, arenaStart: Date, jazzStart: Date): Promise<number> {
  const size = (eventId: string) =>
    sections.filter((s) => s.eventId === eventId).reduce((n, s) => n + capacityOf(s), 0);
  const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
  const inserted = await client.query<{ id: string; event_id: string; version: number }>(
    `INSERT INTO drops (id, event_id, name, size, release_rate_per_minute, max_active, hold_seconds, per_user_limit,
                        prequeue_opens_at, opens_at, closes_at, queue_enabled)
     SELECT id, event_id, name, size, 600, 500, 600, 4, prequeue_opens_at, opens_at, closes_at, true
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
            AS d(id, event_id, name, size, prequeue_opens_at, opens_at, closes_at)
     ON CONFLICT (id) DO NOTHING
     RETURNING id, event_id, version`,
    [
      [demoIds.drops.arenaOpen, demoIds.drops.jazzUpcoming],
      [demoIds.events.arena, demoIds.events.jazz],
      ['General sale', 'General sale'],
      [size(demoIds.events.arena), size(demoIds.events.jazz)],
      [null, minutes(-5)],
      [minutes(-10), minutes(24 * 60)],
      [new Date(arenaStart.getTime() - 3_600_000), new Date(jazzStart.getTime() - 3_600_000)],
    ],
  );
  for (const drop of inserted.rows) {
    await enqueue(pgSql(client), 'drop.changed', { dropId: drop.id, eventId: drop.event_id, version: drop.version });
  }
  return inserted.rowCount ?? 0;
}

/**
 * Every seat and standing place in one statement: each section's grid comes
 * from generate_series, so thousands of rows cost one round trip. Seat ids
 * are built from the section and position, the same on every run.
 */
async function insertSeats(client: pg.PoolClient): Promise<number> {
  const result = await client.query(
    `INSERT INTO seats (id, event_id, section_id, drop_id, row_label, seat_label, price_tier_id, x, y)
     SELECT format('5eed%s-%s-4%s-8000-%s', lpad(s.event_no::text, 4, '0'), lpad(s.section_no::text, 4, '0'),
                   lpad(r::text, 3, '0'), lpad(n::text, 12, '0'))::uuid,
            s.event_id, s.id, s.drop_id,
            CASE WHEN s.kind = 'general' THEN ''
                 WHEN r <= 26 THEN chr(64 + r)
                 ELSE chr(64 + (r - 1) / 26) || chr(65 + (r - 1) % 26) END,
            CASE WHEN s.kind = 'general' THEN 'GA-' || lpad(n::text, 4, '0') ELSE n::text END,
            s.tier_id,
            CASE WHEN s.kind = 'reserved' THEN s.x + (n - 0.5) * $12 END,
            CASE WHEN s.kind = 'reserved' THEN s.y + (r - 0.5) * $12 END
       FROM unnest($1::uuid[], $2::int[], $3::int[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[],
                   $8::int[], $9::int[], $10::int[], $11::int[])
            AS s(id, event_no, section_no, event_id, drop_id, tier_id, kind, rows, per_row, x, y)
            CROSS JOIN LATERAL generate_series(1, s.rows) AS r
            CROSS JOIN LATERAL generate_series(1, s.per_row) AS n
     ON CONFLICT DO NOTHING`,
    [
      sections.map((s) => s.id),
      sections.map((s) => s.eventNo),
      sections.map((s) => s.sectionNo),
      sections.map((s) => s.eventId),
      sections.map((s) => s.dropId),
      sections.map((s) => s.tierId),
      sections.map((s) => s.kind),
      sections.map((s) => s.rows),
      sections.map((s) => s.seatsPerRow),
      sections.map((s) => s.box.x),
      sections.map((s) => s.box.y),
      seatPitch,
    ],
  );
  return result.rowCount ?? 0;
}
