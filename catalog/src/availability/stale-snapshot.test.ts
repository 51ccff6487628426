import { randomUUID } from 'node:crypto';
import { createLogger } from '@ticketing/common';
import { createWorld, type World } from '@ticketing/booking/testing';
import { eventually, startCatalogHarness, type CatalogHarness } from '../testing/harness.ts';
import { createAvailabilityCache, type AvailabilityCache } from './cache.ts';
import { availabilityDocument } from './schema.ts';

let h: CatalogHarness;
let world: World;
let cache: AvailabilityCache;
let clock = Date.now();
let version = 100;

beforeAll(async () => {
  h = await startCatalogHarness('catalog_stale_snapshot');
  world = await createWorld(h.pool, { reserved: 6, general: 2 });
  // A cache of its own on the harness's keys, with a clock the test moves.
  cache = createAvailabilityCache({
    redis: h.redis,
    pool: h.pool,
    logger: createLogger('stale-snapshot', 'silent'),
    keyPrefix: h.config.CATALOG_REDIS_PREFIX,
    changeLogLength: 100,
    maxStaleMs: 1_000,
    now: () => clock,
  });
  expect(await cache.rebuild(world.eventId)).toBe('rebuilt');
});

afterAll(async () => {
  await h.close();
});

async function hold(seatId: string): Promise<void> {
  version += 1;
  const seat = { seatId, sectionId: world.reservedSectionId, status: 'held' as const, version };
  await cache.apply([
    {
      eventId: world.eventId,
      messageId: randomUUID(),
      occurredAtMs: clock,
      seats: [{ ...seat, heldUntilMs: clock + 3_600_000 }],
    },
  ]);
}

async function read() {
  const result = await cache.read(world.eventId);
  if (result.status !== 200) throw new Error(`expected a document, got ${result.status}`);
  return { etag: result.etag, document: availabilityDocument.parse(JSON.parse(result.body)) };
}

test('a document behind by changes is served within maxStaleMs, refreshed after half of it, rebuilt past it', async () => {
  const [a, b] = world.seatIds as [string, string];
  const first = await read();
  expect(first.document.seats[a]).toBeUndefined();

  await hold(a);
  clock += 100;
  const stale = await read();
  expect(stale.etag).toBe(first.etag);

  // Past half the window a read still gets the stored document and starts one refresh in the background.
  clock += 500;
  expect((await read()).etag).toBe(first.etag);
  const refreshed = await eventually(read, (r) => r.etag !== first.etag);
  expect(refreshed.document.seats[a]).toBe('held');
  expect(refreshed.document.lastEventId).not.toBe(first.document.lastEventId);

  // Past the window, the reader rebuilds before answering.
  await hold(b);
  clock += 1_001;
  const rebuilt = await read();
  expect(rebuilt.document.seats[b]).toBe('held');
});

test('changes given together become one delta; a seat named twice ends at its newest version', async () => {
  const [, , c] = world.seatIds as [string, string, string];
  const before = await cache.position(world.eventId);
  const seat = (status: 'held' | 'available', v: number) => ({
    seatId: c,
    sectionId: world.reservedSectionId,
    status,
    version: v,
    heldUntilMs: status === 'held' ? clock + 3_600_000 : null,
  });
  const base = version;
  version += 2;
  // The newer message first, as a reordering broker would hand them over.
  const result = await cache.apply([
    { eventId: world.eventId, messageId: randomUUID(), occurredAtMs: clock, seats: [seat('available', base + 2)] },
    { eventId: world.eventId, messageId: randomUUID(), occurredAtMs: clock - 5, seats: [seat('held', base + 1)] },
  ]);
  expect(result).toMatchObject({ state: 'ok', seq: before.seq + 1, changed: 2 });
  const [delta] = await cache.changesSince(world.eventId, before.seq);
  expect(delta).toMatchObject({ kind: 'delta', occurredAt: clock - 5 });
  expect(delta?.kind === 'delta' && delta.seats.map((s) => [s.status, s.version])).toEqual([
    ['held', base + 1],
    ['available', base + 2],
  ]);
  clock += 1_001;
  expect((await read()).document.seats[c]).toBeUndefined();
});
