import { startRedisCluster, type LocalRedisCluster } from '@ticketing/common/testing';
import { createWorld, holdSeats, releaseSeats, sellSeats, type World } from '@ticketing/booking/testing';
import { eventually, startCatalogHarness, withoutPosition, type CatalogHarness } from '../testing/harness.ts';
import { openSse, type SseClient } from '../testing/sse-client.ts';
import { availabilityDelta, availabilityDocument, type AvailabilityDocument } from './schema.ts';

/**
 * The availability cache on a real Redis Cluster (3 masters, 3 replicas):
 * an event's keys share the `{ev:<id>}` hash tag, so its scripts run on one
 * master; when that master dies its replica takes over and the cache keeps
 * converging to PostgreSQL.
 */
let cluster: LocalRedisCluster;
let h: CatalogHarness;
let world: World;
const streams: SseClient[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster({ nodeTimeoutMs: 1_000 });
  h = await startCatalogHarness('catalog_cluster', {
    REDIS_CLUSTER_NODES: cluster.nodesVariable,
    CATALOG_GAP_REBUILD_MS: '200',
  });
  world = await createWorld(h.pool, { reserved: 12, general: 6 });
  await h.catalog.feeder?.warmed;
  expect((await fetch(`${h.url}/events/${world.eventId}/availability`)).status).toBe(200);
  await eventually(
    () => h.cached(world.eventId),
    (doc) => doc !== undefined,
  );
}, 60_000);

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  try {
    await h?.close();
  } finally {
    await cluster?.close();
  }
});

async function stream(): Promise<SseClient> {
  const client = await openSse(`${h.url}/events/${world.eventId}/availability/stream`);
  streams.push(client);
  return client;
}

async function availability(): Promise<AvailabilityDocument> {
  const response = await fetch(`${h.url}/events/${world.eventId}/availability`);
  expect(response.status).toBe(200);
  return availabilityDocument.parse(await response.json());
}

test('a hold, a sale and a release show in /availability and on an open stream', async () => {
  const client = await stream();
  expect((await client.next()).event).toBe('snapshot');
  const [a, b] = world.seatIds as [string, string];
  await h.publish(await holdSeats(h.pool, world, [a, b]));
  const held = availabilityDelta.parse(JSON.parse((await client.next()).data));
  expect(held.seats.map((s) => s.status)).toEqual(['held', 'held']);
  await h.publish(await sellSeats(h.pool, world, [a]));
  await h.publish(await releaseSeats(h.pool, world, [b]));
  const sold = availabilityDelta.parse(JSON.parse((await client.next()).data));
  const released = availabilityDelta.parse(JSON.parse((await client.next()).data));
  expect(sold.seats).toEqual([expect.objectContaining({ seatId: a, status: 'sold' })]);
  expect(released.seats).toEqual([expect.objectContaining({ seatId: b, status: 'available' })]);
  expect(released.seq).toBe(sold.seq + 1);
  expect(withoutPosition(await availability())).toEqual(await h.truth(world.eventId));
});

test('duplicates and reordered messages leave the cache equal to PostgreSQL', async () => {
  const [, , c, d] = world.seatIds as [string, string, string, string];
  const holdC = await holdSeats(h.pool, world, [c]);
  const sellC = await sellSeats(h.pool, world, [c]);
  const holdD = await holdSeats(h.pool, world, [d]);
  const releaseD = await releaseSeats(h.pool, world, [d]);
  for (const envelope of [sellC, releaseD, holdC, holdD, sellC, holdC, releaseD, holdD]) await h.publish(envelope);
  const cached = await eventually(
    () => h.cached(world.eventId),
    (doc) => doc?.seats[c] === 'sold',
  );
  expect(cached?.seats[d]).toBeUndefined();
  expect(withoutPosition(cached)).toEqual(await h.truth(world.eventId));
});

test("the master holding the event's keys dies: its replica takes over and the cache goes on equal to PostgreSQL", async () => {
  const key = `${h.config.CATALOG_REDIS_PREFIX}av:{ev:${world.eventId}}:live`;
  const oldMaster = await cluster.masterOf(key);
  cluster.kill(oldMaster);
  // Changes keep happening while the shard has no master; their messages are retried.
  const [, , , , e, f] = world.seatIds as [string, string, string, string, string, string];
  await h.publish(await holdSeats(h.pool, world, [e]));
  expect(await cluster.waitForFailover(key, oldMaster)).not.toBe(oldMaster);

  await h.publish(await sellSeats(h.pool, world, [e]));
  await h.publish(await holdSeats(h.pool, world, [f, ...world.placeIds.slice(0, 2)]));
  const converged = await eventually(
    async () => withoutPosition(await h.cached(world.eventId).catch(() => undefined)),
    (doc) => doc?.seats[e] === 'sold' && doc.seats[f] === 'held',
    400,
  );
  expect(converged).toEqual(await h.truth(world.eventId));

  // A stream opened now follows the promoted master's changes.
  const client = await stream();
  expect((await client.next()).event).toBe('snapshot');
  const release = await releaseSeats(h.pool, world, [f]);
  await h.publish(release);
  expect(availabilityDelta.parse(JSON.parse((await client.next()).data)).messageId).toBe(release.id);
}, 60_000);
