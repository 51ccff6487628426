import {
  closeRedis,
  createApp,
  createLogger,
  createMetrics,
  createPgPool,
  createRabbit,
  createRedis,
  createTokenVerifier,
  listen,
  mountRoutes,
  pingRedis,
  type Authenticator,
  type Logger,
  type RateLimitRule,
  type RunningServer,
} from '@ticketing/common';
import { createRedisRateLimiter } from '@ticketing/common';
import type { QueueConsumer } from '@ticketing/common';
import { createAdmissionIssuer, parseAdmissionKeys } from './admission/issuer.ts';
import { admissionRoutes } from './admission/routes.ts';
import { cachedAuthenticator } from '@ticketing/common';
import type { WaitingRoomConfig } from './config.ts';
import { consumeBookingEvents } from './consumers/index.ts';
import { createDropDirectory } from './drops/drop-directory.ts';
import { fairnessRoutes } from './fairness/routes.ts';
import { createFairnessService } from './fairness/service.ts';
import { queueRoutes } from './queue/routes.ts';
import { createQueueService, type QueueService } from './queue/service.ts';
import type { PulseBoard } from './release/drop-pulse.ts';
import { createTicker, type Ticker } from './release/ticker.ts';
import { subscribeNews, type NewsFeed } from './sockets/news.ts';
import { createSocketHub, type SocketHub } from './sockets/socket-hub.ts';
import { statsRoutes } from './stats/routes.ts';

export interface WaitingRoomOverrides {
  logger?: Logger;
  /** Replaces the OIDC verifier (the development identity provider's keys, in tests). */
  authenticator?: Authenticator;
  host?: string;
  /** Collect Node's default process metrics (off when several instances share a test process). */
  defaultMetrics?: boolean;
}

export interface RunningWaitingRoom {
  url: string;
  port: number;
  server: RunningServer;
  queue: QueueService;
  ticker: Ticker;
  sockets: SocketHub;
  pulses: PulseBoard;
  close(): Promise<void>;
}

/** One waiting-room instance: HTTP API, sockets, release ticks and the booking-events consumer. */
export async function startWaitingRoom(
  config: WaitingRoomConfig,
  overrides: WaitingRoomOverrides = {},
): Promise<RunningWaitingRoom> {
  // Bad keys stop the start before any connection is opened.
  const issuer = await createAdmissionIssuer(
    parseAdmissionKeys(config.ADMISSION_SIGNING_KEYS),
    config.ADMISSION_SIGNING_KID,
  );
  const logger = overrides.logger ?? createLogger('waiting-room', config.LOG_LEVEL);
  const metrics = createMetrics('waiting-room', { defaults: overrides.defaultMetrics ?? true });
  const prefix = config.WAITING_ROOM_REDIS_PREFIX;
  const redis = createRedis(
    {
      url: config.REDIS_URL,
      clusterNodes: config.REDIS_CLUSTER_NODES,
      name: 'waiting-room',
      commandTimeoutMs: 2_000,
      autoPipelining: true,
    },
    logger,
  );
  const subscriber = createRedis(
    { url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES, name: 'waiting-room-news' },
    logger,
  );
  const pool = createPgPool({ connectionString: config.DATABASE_URL, max: 5, applicationName: 'waiting-room' }, logger);
  const rabbit = config.WAITING_ROOM_CONSUMER ? createRabbit(config.AMQP_URL, logger, 'waiting-room') : undefined;

  const drops = createDropDirectory({ redis, prefix, pool, logger, eventsMaxLength: config.EVENTS_STREAM_LENGTH });
  const pulses: PulseBoard = new Map();
  const queue = createQueueService({
    redis,
    prefix,
    drops,
    pulses,
    issuer,
    graceSeconds: config.GRACE_SECONDS,
    joinsPerFanPerMinute: config.JOIN_PER_USER_PER_MINUTE,
  });
  const fairness = createFairnessService(redis, prefix, drops);
  const authenticator = cachedAuthenticator(
    overrides.authenticator ??
      createTokenVerifier({
        issuer: config.OIDC_ISSUER,
        audience: config.OIDC_AUDIENCE,
        jwksUri: config.OIDC_JWKS_URL,
      }),
  );
  const rateLimiter = createRedisRateLimiter({ redis, prefix: `${prefix}wr:`, logger });
  const rule = (name: string, by: 'ip' | 'user', limit: number): RateLimitRule => ({
    name,
    by,
    limit,
    windowSeconds: 60,
  });
  const limits = {
    join: [rule('join', 'ip', config.JOIN_PER_IP_PER_MINUTE), rule('join', 'user', config.JOIN_PER_USER_PER_MINUTE)],
    status: [
      rule('status', 'ip', config.STATUS_PER_IP_PER_MINUTE),
      rule('status', 'user', config.STATUS_PER_USER_PER_MINUTE),
    ],
  };

  const { app, router } = createApp({
    service: 'waiting-room',
    logger,
    metrics,
    readiness: { redis: () => pingRedis(redis) },
    proxy: config.TRUST_PROXY,
    hsts: config.NODE_ENV === 'production',
  });
  mountRoutes(router, [...queueRoutes(queue, limits), ...fairnessRoutes(fairness), ...admissionRoutes(issuer)], {
    authenticator,
    rateLimiter,
  });

  const sockets = createSocketHub({
    queue,
    logger,
    registry: metrics.registry,
    pushMs: config.WS_PUSH_MS,
    authenticator,
    rateLimiter,
    rateLimits: limits.status,
    trustProxy: config.TRUST_PROXY,
  });
  const ticker = createTicker({
    redis,
    prefix,
    drops,
    pulses,
    logger,
    tickMs: config.TICK_MS,
    graceMs: config.GRACE_SECONDS * 1000,
    admissionWindowMs: config.ADMISSION_WINDOW_SECONDS * 1000,
    retentionMs: config.DROP_RETENTION_SECONDS * 1000,
    batch: config.TICK_BATCH,
    onPulse: (dropId, pulse) => sockets.onPhase(dropId, pulse.phase),
    onRetired: (dropId) => {
      sockets.forget(dropId);
      fairness.forget(dropId);
    },
  });
  mountRoutes(router, statsRoutes(drops, ticker), { authenticator });

  let news: NewsFeed | undefined;
  let consumer: QueueConsumer | undefined;
  let server: RunningServer | undefined;
  const release = async () => {
    await ticker.stop();
    await sockets.close();
    await server?.close(5_000);
    await consumer?.close();
    await news?.close();
    await rabbit?.close();
    await pool.end();
    await closeRedis(subscriber);
    await closeRedis(redis);
  };
  try {
    news = await subscribeNews(subscriber, prefix, logger, (item) => {
      if (item.k === 'freed') ticker.nudge(item.drop);
      if (item.k === 'phase') {
        // New settings first, so the pushed answers already reflect them.
        void drops
          .refresh(item.drop)
          .catch((error: unknown) => logger.warn({ err: error, dropId: item.drop }, 'drop settings refresh failed'))
          .finally(() => sockets.onNews(item));
        return;
      }
      sockets.onNews(item);
    });
    if (rabbit) {
      consumer = await consumeBookingEvents({
        connection: rabbit,
        queue: config.WAITING_ROOM_QUEUE,
        names: { exchange: config.EVENTS_EXCHANGE, deadLetterExchange: config.EVENTS_DEAD_LETTER_EXCHANGE },
        redis,
        prefix,
        drops,
        retryDelaysMs: config.WAITING_ROOM_RETRY_DELAYS_MS,
        redrive: { ready: () => pingRedis(redis), intervalMs: config.WAITING_ROOM_REDRIVE_MS },
        logger,
        registry: metrics.registry,
      });
    }
    server = await listen(app, config.WAITING_ROOM_PORT, overrides.host);
  } catch (error) {
    // A start that fails half-way leaves nothing open behind it.
    await release().catch(() => undefined);
    throw error;
  }
  const running = server;
  sockets.attach(running.server);
  ticker.start();
  logger.info({ url: running.url, signingKid: issuer.signingKid }, 'waiting room listening');

  let closing: Promise<void> | undefined;
  return {
    url: running.url,
    port: running.port,
    server: running,
    queue,
    ticker,
    sockets,
    pulses,
    close() {
      closing ??= release();
      return closing;
    },
  };
}
