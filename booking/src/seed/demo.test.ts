import pg from 'pg';
import { z } from 'zod';
import { createLogger } from '@ticketing/common';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing';
import { createOrm, migrate } from '../db/orm.ts';
import { demoIds, seedDemo } from './demo.ts';
import { demoOrganizerId } from './demo-plan.ts';

let db: TestDatabase;
let pool: pg.Pool;
const now = new Date('2030-03-01T12:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase('seed');
  const orm = await createOrm({ databaseUrl: db.url, logger: createLogger('seed-test', 'silent') });
  await migrate(orm);
  await orm.close();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

/** A digest of every row the seed owns, to prove a second run writes nothing. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = ['venues', 'events', 'price_tiers', 'sections', 'drops', 'seats', 'outbox'];
  const entries = await Promise.all(
    tables.map(async (table) => {
      const { rows } = await pool.query<{ digest: string }>(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table} t`,
      );
      return [table, rows[0]?.digest ?? ''] as const;
    }),
  );
  return Object.fromEntries(entries);
}

test('the first run seeds the venue, two events, their seat maps and drops', async () => {
  const result = await seedDemo(pool, { now });
  expect(result.created).toEqual({ venues: 1, events: 2, priceTiers: 5, sections: 6, drops: 2, seats: 4000 });

  const events = await pool.query<{ id: string; organizer_id: string; status: string; starts_at: Date }>(
    'SELECT id, organizer_id, status, starts_at FROM events ORDER BY id',
  );
  expect(events.rows.map((e) => [e.id, e.status])).toEqual([
    [demoIds.events.arena, 'published'],
    [demoIds.events.jazz, 'published'],
  ]);
  // The events belong to the organizer who signs in as `organizer` in the realm export.
  expect(new Set(events.rows.map((e) => e.organizer_id))).toEqual(new Set([demoOrganizerId()]));
  expect(demoOrganizerId()).toBe('8d3f1c52-6a0e-4b7c-9f21-3e5a7c9b1d03');
  const arenaStart = events.rows[0]?.starts_at.getTime() ?? 0;
  expect(Math.round((arenaStart - now.getTime()) / 86_400_000)).toBe(30);

  const perSection = await pool.query(
    `SELECT s.name, s.kind, s.capacity, count(se.id)::int AS seats,
            count(DISTINCT se.row_label)::int AS rows, count(DISTINCT se.seat_label)::int AS labels,
            min(se.row_label) AS first_row, max(se.row_label) AS last_row,
            (array_agg(se.seat_label ORDER BY se.seat_label))[1] AS first_label
       FROM sections s JOIN seats se ON se.section_id = s.id
      WHERE s.event_id = $1 GROUP BY s.id ORDER BY s.sort_order`,
    [demoIds.events.arena],
  );
  const stand = { kind: 'reserved', capacity: 800, seats: 800, rows: 20, labels: 40, first_row: 'A', last_row: 'T' };
  expect(perSection.rows).toEqual([
    {
      name: 'Floor',
      kind: 'general',
      capacity: 1000,
      seats: 1000,
      rows: 1,
      labels: 1000,
      first_row: '',
      last_row: '',
      first_label: 'GA-0001',
    },
    { name: 'Left stand', ...stand, first_label: '1' },
    { name: 'Centre stand', ...stand, first_label: '1' },
    { name: 'Right stand', ...stand, first_label: '1' },
  ]);

  // Reserved seats are drawable (each has its own point); standing places are not.
  const geometry = await pool.query<{ kind: string; placed: string; distinct_points: string; total: string }>(
    `SELECT s.kind, count(se.x) AS placed, count(DISTINCT se.x || ',' || se.y) AS distinct_points, count(*) AS total
       FROM seats se JOIN sections s ON s.id = se.section_id WHERE se.event_id = $1 GROUP BY s.kind ORDER BY s.kind`,
    [demoIds.events.arena],
  );
  expect(geometry.rows).toEqual([
    { kind: 'general', placed: '0', distinct_points: '0', total: '1000' },
    { kind: 'reserved', placed: '2400', distinct_points: '2400', total: '2400' },
  ]);

  // Seat ids must pass the services' input schemas (z.uuid() is strict about version and variant).
  const ids = await pool.query<{ id: string }>('SELECT id::text FROM seats');
  expect(ids.rows.filter((r) => !z.uuid().safeParse(r.id).success)).toEqual([]);
  const unassigned = await pool.query('SELECT 1 FROM seats WHERE drop_id IS NULL OR status <> $1', ['available']);
  expect(unassigned.rowCount).toBe(0);
});

test('the arena drop is open and queued; the jazz drop opens later with its pre-queue open', async () => {
  const { rows } = await pool.query<{
    id: string;
    size: number;
    release_rate_per_minute: number;
    max_active: number;
    hold_seconds: number;
    per_user_limit: number;
    queue_enabled: boolean;
    open_now: boolean;
    prequeue_open: boolean | null;
  }>(
    `SELECT id, size, release_rate_per_minute, max_active, hold_seconds, per_user_limit, queue_enabled,
            opens_at <= $1 AND closes_at > $1 AS open_now, prequeue_opens_at <= $1 AS prequeue_open
       FROM drops ORDER BY id`,
    [now],
  );
  const limits = {
    release_rate_per_minute: 600,
    max_active: 500,
    hold_seconds: 600,
    per_user_limit: 4,
    queue_enabled: true,
  };
  expect(rows).toEqual([
    { id: demoIds.drops.arenaOpen, size: 3400, ...limits, open_now: true, prequeue_open: null },
    { id: demoIds.drops.jazzUpcoming, size: 600, ...limits, open_now: false, prequeue_open: true },
  ]);

  const outbox = await pool.query<{ routing_key: string; payload: { type: string; data: { dropId: string } } }>(
    'SELECT routing_key, payload FROM outbox ORDER BY id',
  );
  expect(outbox.rows.map((r) => [r.routing_key, r.payload.type, r.payload.data.dropId])).toEqual([
    ['drop.changed', 'drop.changed', demoIds.drops.arenaOpen],
    ['drop.changed', 'drop.changed', demoIds.drops.jazzUpcoming],
  ]);
});

test('a second run, even later, changes nothing, including what the demo sale has changed since', async () => {
  await pool.query(`UPDATE seats SET status = 'sold', version = version + 1 WHERE seat_label = 'GA-0001'`);
  await pool.query(`UPDATE drops SET paused = true WHERE id = $1`, [demoIds.drops.arenaOpen]);
  const before = await fingerprint();

  const result = await seedDemo(pool, { now: new Date(now.getTime() + 7 * 86_400_000) });

  expect(result.created).toEqual({ venues: 0, events: 0, priceTiers: 0, sections: 0, drops: 0, seats: 0 });
  expect(await fingerprint()).toEqual(before);
});
