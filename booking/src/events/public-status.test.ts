import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing';
import { createWorld, migrateTestDatabase, setWorldEventStatus } from '../testing/index.ts';
import { findDropOpening, findPublishedEvent, readLiveEventIds, searchEvents } from '../read-models/index.ts';

/* The public reads take an event on sale as they take a published one, and no other. */

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('booking_public_status');
  await migrateTestDatabase(db.url);
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

test.each([
  ['draft', false],
  ['published', true],
  ['on_sale', true],
  ['ended', false],
  ['cancelled', false],
] as const)('an event that is %s is public: %s', async (status, visible) => {
  const world = await createWorld(pool, { eventName: `Status ${status}` });
  await setWorldEventStatus(pool, world, status);
  const found = await searchEvents(pool, { text: `Status ${status}`, sort: 'starts_at', limit: 10 });
  expect(found.map((e) => e.id)).toEqual(visible ? [world.eventId] : []);
  expect((await findPublishedEvent(pool, world.eventId))?.id).toBe(visible ? world.eventId : undefined);
  expect((await readLiveEventIds(pool)).includes(world.eventId)).toBe(visible);
  expect((await findDropOpening(pool, world.dropId))?.dropId).toBe(visible ? world.dropId : undefined);
});
