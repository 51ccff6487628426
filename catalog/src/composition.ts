import {
  closeInReverse,
  closeRedis,
  createApp,
  createMetrics,
  createPgPool,
  createReminderStore,
  createRabbit,
  createRedis,
  createTokenVerifier,
  exchangeNamesOf,
  listen,
  mountRoutes,
  pingPostgres,
  pingRabbit,
  pingRedis,
  type Closeable,
  type Logger,
  type RunningServer,
} from '@ticketing/common';
import { readLiveEventIds } from '@ticketing/booking/read-models';
import type { CatalogConfig } from './config.ts';
import { createAvailabilityCache, type AvailabilityCache } from './availability/cache.ts';
import { startFeeder, type Feeder } from './availability/feeder.ts';
import { createPropagationRecorder } from './availability/propagation.ts';
import { availabilityRoutes } from './availability/routes.ts';
import { createStreamHub, type StreamHub } from './availability/stream-hub.ts';
import { eventChangedHandler } from './consumers/event-changed.ts';
import { seatMapChangedHandler } from './consumers/seat-map-changed.ts';
import { eventRoutes } from './events/routes.ts';
import { reminderRoutes } from './reminders/routes.ts';
import { createReminders } from './reminders/service.ts';
import { createEventCatalog } from './events/service.ts';

export interface RunningCatalog {
  server: RunningServer;
  cache: AvailabilityCache;
  hub: StreamHub;
  /** Present when this process runs the feeder (CATALOG_FEEDER). */
  feeder: Feeder | undefined;
  /** Everything to close, in opening order (shutdown closes them in reverse). */
  resources: Closeable[];
  close(): Promise<void>;
}

/**
 * Wires the catalog: the HTTP API and availability stream, and unless
 * turned off the feeder that keeps the availability cache current. Any
 * number of instances can run; they share Redis and the feeder's queue.
 */
export async function startCatalog(config: CatalogConfig, logger: Logger, host = '0.0.0.0'): Promise<RunningCatalog> {
  const metrics = createMetrics('catalog', { defaults: config.NODE_ENV !== 'test' });
  const pool = createPgPool(
    { connectionString: config.DATABASE_URL, max: config.CATALOG_PG_POOL_SIZE, applicationName: 'catalog' },
    logger,
  );
  const redisOptions = {
    url: config.REDIS_URL,
    clusterNodes: config.REDIS_CLUSTER_NODES,
    keyPrefix: config.CATALOG_REDIS_PREFIX,
    name: 'catalog',
  };
  const redis = createRedis(redisOptions, logger);
  const subscriber = createRedis({ ...redisOptions, name: 'catalog-streams', commandTimeoutMs: 10_000 }, logger);
  const rabbit = config.CATALOG_FEEDER ? createRabbit(config.AMQP_URL, logger, 'catalog') : undefined;

  const propagation = createPropagationRecorder(metrics.registry, logger, config.CATALOG_SLOW_PROPAGATION_MS);
  const cache = createAvailabilityCache({
    redis,
    pool,
    logger,
    keyPrefix: config.CATALOG_REDIS_PREFIX,
    changeLogLength: config.CATALOG_CHANGE_LOG_LENGTH,
    maxStaleMs: config.CATALOG_SNAPSHOT_MAX_STALE_MS,
  });
  const catalog = createEventCatalog({ pool, redis, logger, ttlSeconds: config.CATALOG_DOCUMENT_TTL });
  const hub = createStreamHub({
    cache,
    subscriber,
    logger,
    heartbeatMs: config.CATALOG_HEARTBEAT_MS,
    bufferLimitBytes: config.CATALOG_STREAM_BUFFER_BYTES,
    registry: metrics.registry,
    propagation,
  });

  const { app, router } = createApp({
    service: 'catalog',
    logger,
    metrics,
    cors: config.CATALOG_CORS_ORIGINS,
    hsts: config.NODE_ENV === 'production',
    readiness: {
      postgres: () => pingPostgres(pool),
      redis: () => pingRedis(redis),
      ...(rabbit ? { rabbitmq: () => pingRabbit(rabbit) } : {}),
    },
  });
  const authenticator = createTokenVerifier({
    issuer: config.OIDC_ISSUER,
    audience: config.OIDC_AUDIENCE,
    ...(config.OIDC_JWKS_URL ? { jwksUri: config.OIDC_JWKS_URL } : {}),
  });
  mountRoutes(
    router,
    [
      ...eventRoutes(catalog),
      ...availabilityRoutes({
        cache,
        hub,
        catalog,
        staleWhileRevalidateSeconds: config.CATALOG_STALE_WHILE_REVALIDATE,
      }),
      ...reminderRoutes(createReminders(pool, createReminderStore(redis))),
    ],
    { authenticator },
  );

  const feeder = rabbit
    ? await startFeeder({
        connection: rabbit,
        queue: config.CATALOG_QUEUE,
        names: exchangeNamesOf(config),
        cache,
        logger,
        registry: metrics.registry,
        propagation,
        handlers: {
          'event.changed': eventChangedHandler(catalog),
          'event.cancelled': eventChangedHandler(catalog),
          'seatmap.changed': seatMapChangedHandler(catalog, cache),
        },
        warmEventIds: () => readLiveEventIds(pool),
        gapRebuildDelayMs: config.CATALOG_GAP_REBUILD_MS,
        redrive: { ready: () => Promise.all([pingRedis(redis), pingPostgres(pool)]) },
      })
    : undefined;
  const server = await listen(app, config.CATALOG_PORT, host);

  const resources: Closeable[] = [
    { name: 'postgres', close: () => pool.end() },
    { name: 'redis', close: () => closeRedis(redis) },
    { name: 'redis-streams', close: () => closeRedis(subscriber) },
    ...(rabbit ? [{ name: 'rabbitmq', close: () => rabbit.close() }] : []),
    ...(feeder ? [{ name: 'feeder', close: () => feeder.close() }] : []),
    { name: 'http', close: () => server.close() },
    // Closed before the server drains: open streams never finish on their own.
    { name: 'streams', close: () => hub.close() },
  ];
  return {
    server,
    cache,
    hub,
    feeder,
    resources,
    close: () => closeInReverse(resources),
  };
}
