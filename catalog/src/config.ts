import { z } from 'zod';
import { baseConfig, messagingConfig, flag, port, redisClusterNodes, url, instanceScoped } from '@ticketing/common';

/** The catalog's variables; see common/src/config.ts for how they are read. */
export const catalogConfigShape = {
  ...baseConfig,
  // HTTP port of the catalog API and the availability stream
  CATALOG_PORT: port(4003),
  // PostgreSQL, read-only use: events, seat maps, and the truth the availability cache is rebuilt from
  DATABASE_URL: instanceScoped(url('postgres://postgres@127.0.0.1:5432/ticketing')),
  // connections the catalog may open to PostgreSQL
  CATALOG_PG_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // Redis holding the availability cache, its change log and the stream fan-out channel
  REDIS_URL: url('redis://127.0.0.1:6379'),
  // Redis Cluster mode: comma-separated host:port of some of its nodes (REDIS_URL then only lends its password)
  REDIS_CLUSTER_NODES: redisClusterNodes,
  // prepended to every catalog key, so several deployments can share one Redis
  CATALOG_REDIS_PREFIX: instanceScoped(z.string().default('catalog:')),
  // RabbitMQ and the exchanges booking publishes to (AMQP_URL, EVENTS_EXCHANGE, EVENTS_DEAD_LETTER_EXCHANGE)
  ...messagingConfig,
  // queue the availability feeder consumes; every catalog instance shares it
  CATALOG_QUEUE: instanceScoped(z.string().min(1).default('catalog.availability')),
  // run the availability feeder (RabbitMQ consumer) in this process; false for HTTP-only instances
  CATALOG_FEEDER: flag(true),
  // changes kept per event for streams to resume from (Last-Event-ID); older clients get a snapshot
  CATALOG_CHANGE_LOG_LENGTH: z.coerce.number().int().min(10).max(1_000_000).default(2_000),
  // milliseconds between SSE heartbeats, so proxies keep idle streams open
  CATALOG_HEARTBEAT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  // bytes a stream may hold for a client that is not reading before it is cut off (the client resumes with Last-Event-ID)
  CATALOG_STREAM_BUFFER_BYTES: z.coerce.number().int().min(65_536).max(268_435_456).default(1_048_576),
  // seconds a CDN may serve a stale availability document while it revalidates; each second adds to how long a sold seat can still show as free
  CATALOG_STALE_WHILE_REVALIDATE: z.coerce.number().int().min(0).max(300).default(1),
  // milliseconds an availability document behind by changes may still be served while one reader refreshes it (0: rebuilt after every change); a sold seat can show as free this much longer
  CATALOG_SNAPSHOT_MAX_STALE_MS: z.coerce.number().int().min(0).max(5_000).default(150),
  // seconds event and seat map documents stay in the Redis read-through cache
  CATALOG_DOCUMENT_TTL: z.coerce.number().int().min(1).max(3_600).default(30),
  // wait (ms) after a version gap before rebuilding from PostgreSQL, so a burst of reorderings costs one rebuild
  CATALOG_GAP_REBUILD_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
  // OpenID Connect issuer whose access tokens the fan routes (drop reminders) accept
  OIDC_ISSUER: instanceScoped(url('http://localhost:4005/realms/ticketing')),
  // audience the access tokens must carry
  OIDC_AUDIENCE: z.string().min(1).default('ticketing-api'),
  // the issuer's key set; defaults to Keycloak's certs endpoint under the issuer
  OIDC_JWKS_URL: z.url().optional(),
  // propagation delay (ms) above which one change is logged at warn level
  CATALOG_SLOW_PROPAGATION_MS: z.coerce.number().int().min(1).default(250),
  // browser origins allowed to read the catalog (the storefront's live availability), comma-separated
  CATALOG_CORS_ORIGINS: z
    .string()
    .default('http://localhost:4321,http://127.0.0.1:4321')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
};

export type CatalogConfig = z.infer<z.ZodObject<typeof catalogConfigShape>>;
