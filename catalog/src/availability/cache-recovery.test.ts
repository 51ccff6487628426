import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import {
  closeRedis,
  createLogger,
  createRabbit,
  deleteQueueTopology,
  queueTopology,
  type ExchangeNames,
} from '@ticketing/common';
import { testAmqpUrl, testRedisUrl } from '@ticketing/common/testing';
import { startTcpProxy } from '@ticketing/common/testing';
import { eventually, startCatalogHarness, type CatalogHarness } from '../testing/harness.ts';
import { createWorld, holdSeats, sellSeats, type World } from '@ticketing/booking/testing';
import { openSse } from '../testing/sse-client.ts';
import { createAvailabilityCache } from './cache.ts';
import { startFeeder } from './feeder.ts';
import { createPropagationRecorder } from './propagation.ts';
import { availabilityDocument } from './schema.ts';

let h: CatalogHarness;
let world: World;

beforeAll(async () => {
  h = await startCatalogHarness('catalog_recovery', { CATALOG_GAP_REBUILD_MS: '600000' });
  world = await createWorld(h.pool, { reserved: 6, general: 2 });
  await h.catalog.feeder?.warmed;
  expect((await fetch(`${h.url}/events/${world.eventId}/availability`)).status).toBe(200);
  await eventually(
    () => h.cached(world.eventId),
    (doc) => doc !== undefined,
  );
});

afterAll(async () => {
  await h.close();
});

test('a seat message given up on while Redis was unreachable is made good by a rebuild once Redis is back', async () => {
  const logger = createLogger('catalog-recovery', 'silent');
  const target = new URL(testRedisUrl);
  const proxy = await startTcpProxy(Number(target.port || 6379), target.hostname);
  // A feeder of its own, on its own queue and key prefix, whose Redis goes through the proxy.
  const keyPrefix = `${h.config.CATALOG_REDIS_PREFIX}cut:`;
  // No offline queue: a command issued during the outage fails and is gone, as it is once ioredis
  // gives up on it, rather than waiting to run by chance when Redis is back.
  const redis = new Redis(`redis://127.0.0.1:${proxy.port}`, {
    keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    retryStrategy: () => 50,
  });
  await new Promise((resolve) => redis.once('ready', resolve));
  const direct = new Redis(testRedisUrl, { keyPrefix });
  const rabbit = createRabbit(testAmqpUrl, logger, 'catalog-recovery');
  const names: ExchangeNames = {
    exchange: h.config.EVENTS_EXCHANGE,
    deadLetterExchange: h.config.EVENTS_DEAD_LETTER_EXCHANGE,
  };
  const queue = `${h.config.CATALOG_QUEUE}.cut`;
  const retryDelaysMs = [50, 100];
  const registry = new Registry();
  const cacheOptions = { pool: h.pool, logger, keyPrefix, changeLogLength: 100 };
  const feeder = await startFeeder({
    connection: rabbit,
    queue,
    names,
    cache: createAvailabilityCache({ ...cacheOptions, redis }),
    logger,
    registry,
    propagation: createPropagationRecorder(registry, logger, 250),
    warmEventIds: () => Promise.resolve([world.eventId]),
    gapRebuildDelayMs: 50,
    retryDelaysMs,
  });
  // Reads the same keys straight from Redis, past the proxy.
  const reader = createAvailabilityCache({ ...cacheOptions, redis: direct });
  const seatStatus = async (seatId: string) => {
    const result = await reader.read(world.eventId);
    return result.status === 200 ? availabilityDocument.parse(JSON.parse(result.body)).seats[seatId] : undefined;
  };
  const parked = async () => {
    const metric = await registry.getSingleMetric('messages_parked_total')?.get();
    return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
  };
  try {
    await feeder.warmed;
    const [x] = world.seatIds as [string];
    expect(await direct.get(`av:{ev:${world.eventId}}:live`)).not.toBeNull();
    expect(await seatStatus(x)).toBeUndefined();

    proxy.cut();
    await h.publish(await sellSeats(h.pool, world, [x]));
    // Every attempt failed: the message is parked, and no later message for X will reveal the gap.
    expect(await eventually(parked, (n) => n >= 1)).toBe(1);
    expect(await seatStatus(x)).toBeUndefined();

    proxy.restore();
    expect(
      await eventually(
        () => seatStatus(x),
        (status) => status === 'sold',
        400,
      ),
    ).toBe('sold');
  } finally {
    await feeder.close();
    await deleteQueueTopology(rabbit, queueTopology(queue, [], retryDelaysMs, names));
    await rabbit.close();
    await closeRedis(redis);
    direct.disconnect();
    await proxy.close();
  }
});

test('a change counter lost from Redis starts a new epoch, so open streams resync from a snapshot', async () => {
  const base = `av:{ev:${world.eventId}}`;
  const client = await openSse(`${h.url}/events/${world.eventId}/availability/stream`);
  try {
    const snapshot = await client.next();
    expect(snapshot.event).toBe('snapshot');
    const [epoch, seq] = (snapshot.id ?? '').split('-');
    expect(Number(seq)).toBeGreaterThan(1);

    // The counter is gone (evicted, or lost in a failover) while the epoch and the log survive.
    await h.redis.del(`${base}:seq`);
    const [, y] = world.seatIds as [string, string];
    await h.publish(await holdSeats(h.pool, world, [y]));
    const position = await eventually(
      () => h.catalog.cache.position(world.eventId),
      (p) => p.seq >= 1,
    );
    expect(position.seq).toBe(1);
    expect(position.epoch).not.toBe(epoch);
    // The old epoch's entries would otherwise keep the new ones (lower ids) out of the log.
    expect((await h.redis.xrange(`${base}:log`, '-', '+')).map(([id]) => id)).toEqual(['1-0']);

    const resync = await client.next();
    expect(resync.event).toBe('snapshot');
    expect(resync.id).toBe(`${position.epoch}-1`);
    expect(availabilityDocument.parse(JSON.parse(resync.data)).seats[y]).toBe('held');
  } finally {
    client.close();
  }
});
