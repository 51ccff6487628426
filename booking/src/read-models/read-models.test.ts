import pg from 'pg';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing';
import { createWorld, insertDrop, migrateTestDatabase, updateDrop, type World } from '../testing/index.ts';
import { findDropOpening, listDropsOpeningWithin, readDropSettings, readEventFacts } from './index.ts';
import { readRows, type Queryable } from './queryable.ts';

let db: TestDatabase;
let pool: pg.Pool;
let world: World;

beforeAll(async () => {
  db = await createTestDatabase('booking_read_models');
  await migrateTestDatabase(db.url);
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  world = await createWorld(pool, { eventName: 'Open Air', venueName: 'Park', city: 'Braga' });
});

afterAll(async () => {
  await pool.end();
  await db.drop();
});

test('rows that do not match a read model fail there, naming it', async () => {
  const drifted: Queryable = {
    query: (() => Promise.resolve({ rows: [{ id: 7 }] })) as unknown as Queryable['query'],
  };
  await expect(readRows(drifted, 'some-model', z.object({ id: z.string() }), 'SELECT 1')).rejects.toThrow(
    /^read model some-model: unexpected rows/,
  );
});

test("a drop's settings, with its organizer; nothing for an unknown drop", async () => {
  const drop = await insertDrop(pool, { maxActive: 7, closesAt: new Date(Date.now() + 3_600_000) });
  expect(await updateDrop(pool, drop.id, { queueEnabled: false })).toBe(2);
  expect(await readDropSettings(pool, drop.id)).toEqual({
    dropId: drop.id,
    eventId: drop.eventId,
    organizerId: 'organizer-1',
    size: drop.size,
    releaseRatePerMinute: drop.releaseRatePerMinute,
    maxActive: 7,
    holdSeconds: 600,
    perUserLimit: drop.perUserLimit,
    prequeueOpensAt: null,
    opensAt: drop.opensAt,
    closesAt: drop.closesAt,
    queueEnabled: false,
    paused: false,
    version: 2,
  });
  expect(await readDropSettings(pool, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
});

test('drop openings are those of published events; the soon ones are listed unless paused', async () => {
  const draft = await createWorld(pool, { status: 'draft' });
  const soon = new Date(Date.now() + 5 * 60_000);
  await updateDrop(pool, world.dropId, { opensAt: soon, name: 'First release' });
  await updateDrop(pool, draft.dropId, { opensAt: soon });
  const paused = await insertDrop(pool, { opensAt: soon, paused: true });

  expect(await findDropOpening(pool, world.dropId)).toEqual({
    dropId: world.dropId,
    eventId: world.eventId,
    name: 'First release',
    opensAt: soon,
  });
  expect(await findDropOpening(pool, draft.dropId)).toBeUndefined();
  expect(await findDropOpening(pool, paused.id)).toBeDefined();
  const listed = (await listDropsOpeningWithin(pool, 10)).map((d) => d.dropId);
  expect(listed).toEqual([world.dropId]);
  expect(await listDropsOpeningWithin(pool, 1)).toEqual([]);
});

test("an event's facts, with its venue and time zone", async () => {
  expect(await readEventFacts(pool, world.eventId)).toMatchObject({
    id: world.eventId,
    name: 'Open Air',
    venueName: 'Park',
    city: 'Braga',
    address: 'Rua 1',
    timezone: 'UTC',
  });
});
