import pg from 'pg';
import {
  closeRedis,
  createEventPublisher,
  createLogger,
  createRabbit,
  createRedis,
  deleteQueueTopology,
  parseConfig,
  queueTopology,
  type Envelope,
  type EventPublisher,
  type RedisClient,
} from '@ticketing/common';
import {
  createTestDatabase,
  deleteKeysWithPrefix,
  testAmqpUrl,
  testRedisUrl,
  uniqueName,
} from '@ticketing/common/testing';
import { readEventSeats, readEventSections } from '@ticketing/booking/read-models';
import { migrateTestDatabase } from '@ticketing/booking/testing';
import { catalogConfigShape, type CatalogConfig } from '../config.ts';
import { startCatalog, type RunningCatalog } from '../composition.ts';
import { buildDocument } from '../availability/document.ts';
import { availabilityDocument, type AvailabilityDocument } from '../availability/schema.ts';

export interface CatalogHarness {
  config: CatalogConfig;
  pool: pg.Pool;
  /** A plain client on the catalog's key prefix (on the cluster when REDIS_CLUSTER_NODES is set), for inspecting the cache. */
  redis: RedisClient;
  catalog: RunningCatalog;
  url: string;
  publish(envelope: Envelope): Promise<void>;
  /** Another instance on the same Redis, database and queue. */
  startInstance(env?: Record<string, string>): Promise<RunningCatalog>;
  /** The availability PostgreSQL says, built by the same rules the cache serves by. */
  truth(eventId: string): Promise<AvailabilityDocument>;
  /** The availability the cache serves (not the cold-path fallback): undefined while it is cold. */
  cached(eventId: string): Promise<AvailabilityDocument | undefined>;
  /** Removes every key of this catalog from Redis, as a flush or failover would. */
  wipeCache(): Promise<void>;
  close(): Promise<void>;
}

/** A catalog on its own database, Redis prefix, exchange and queue, listening on a free port. */
export async function startCatalogHarness(label: string, env: Record<string, string> = {}): Promise<CatalogHarness> {
  const db = await createTestDatabase(label);
  await migrateTestDatabase(db.url);
  const name = uniqueName(label);
  const baseEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CATALOG_PORT: '0',
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl,
    CATALOG_REDIS_PREFIX: `${name}:`,
    AMQP_URL: testAmqpUrl,
    EVENTS_EXCHANGE: `${name}.events`,
    EVENTS_DEAD_LETTER_EXCHANGE: `${name}.dlx`,
    CATALOG_QUEUE: `${name}.availability`,
    // Tests compare reads with PostgreSQL right after a change; serving a document that fell behind has its own test.
    CATALOG_SNAPSHOT_MAX_STALE_MS: '0',
    ...env,
  };
  const config = parseConfig(catalogConfigShape, baseEnv);
  const logger = createLogger(label, 'silent');
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  const redisOptions = { url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES };
  const redis = createRedis({ ...redisOptions, keyPrefix: config.CATALOG_REDIS_PREFIX, name: 'inspector' }, logger);
  // Without the prefix: SCAN answers full key names, which a prefixed client would prefix again.
  const cleaner = createRedis({ ...redisOptions, name: 'cleaner' }, logger);
  const catalog = await startCatalog(config, logger, '127.0.0.1');
  const rabbit = createRabbit(testAmqpUrl, logger, `${label}-test`);
  const publisher: EventPublisher = createEventPublisher({
    connection: rabbit,
    names: { exchange: config.EVENTS_EXCHANGE, deadLetterExchange: config.EVENTS_DEAD_LETTER_EXCHANGE },
  });
  const instances: RunningCatalog[] = [];

  return {
    config,
    pool,
    redis,
    catalog,
    url: catalog.server.url,
    publish: (envelope) => publisher.publish(envelope),
    async startInstance(extra = {}) {
      const instance = await startCatalog(
        parseConfig(catalogConfigShape, { ...baseEnv, ...extra }),
        logger,
        '127.0.0.1',
      );
      instances.push(instance);
      return instance;
    },
    async truth(eventId) {
      const [sections, seats] = await Promise.all([readEventSections(pool, eventId), readEventSeats(pool, eventId)]);
      return buildDocument(eventId, sections, seats, Date.now(), null).document;
    },
    async cached(eventId) {
      if ((await redis.get(`av:{ev:${eventId}}:live`)) === null) return undefined;
      const result = await catalog.cache.read(eventId);
      return result.status === 200 ? availabilityDocument.parse(JSON.parse(result.body)) : undefined;
    },
    async wipeCache() {
      await deleteKeysWithPrefix(cleaner, config.CATALOG_REDIS_PREFIX);
    },
    async close() {
      for (const instance of instances) await instance.close();
      await catalog.close();
      await publisher.close();
      const topology = queueTopology(config.CATALOG_QUEUE, [], [500, 5_000, 30_000], {
        exchange: config.EVENTS_EXCHANGE,
        deadLetterExchange: config.EVENTS_DEAD_LETTER_EXCHANGE,
      });
      await deleteQueueTopology(rabbit, topology);
      await rabbit.exchangeDelete({ exchange: config.EVENTS_EXCHANGE });
      await rabbit.exchangeDelete({ exchange: config.EVENTS_DEAD_LETTER_EXCHANGE });
      await rabbit.close();
      await deleteKeysWithPrefix(cleaner, config.CATALOG_REDIS_PREFIX);
      await closeRedis(cleaner);
      await closeRedis(redis);
      await pool.end();
      await db.drop();
    },
  };
}

/** Polls until `check` passes (bounded), then returns its last value; fails with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, attempts = 200): Promise<T> {
  let value = await read();
  for (let i = 0; i < attempts && !check(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}

/** Ignores the stream position, which PostgreSQL knows nothing of. */
export function withoutPosition(document: AvailabilityDocument | undefined) {
  return document === undefined ? undefined : { ...document, lastEventId: null };
}
