import {
  cachedAuthenticator,
  createAdmissionVerifier,
  createApp,
  createMetrics,
  createPgPool,
  createRabbit,
  exchangeNamesOf,
  createTokenVerifier,
  listen,
  mountRoutes,
  pingPostgres,
  createPostgresWatch,
  pingRabbit,
  type AdmissionVerifier,
  type AnyRoute,
  type Authenticator,
  type Closeable,
  type ExchangeNames,
  type Logger,
  type Metrics,
  type RunningServer,
  type ServiceApp,
  type TicketSigningKey,
} from '@ticketing/common';
import type { BookingConfig } from './config.ts';
import { createDatabase, type Database } from './db/database.ts';
import { createOrm, migrate, type MikroORM } from './db/orm.ts';
import { pgSql } from './db/sql.ts';
import { holdRoutes } from './holds/routes.ts';
import { createHoldsService, type HoldsService } from './holds/service.ts';
import { startSweeper } from './holds/sweep.ts';
import { startCancellationRefunder } from './event-cancellation/refunder.ts';
import { startInventoryPublisher } from './inventory/publish.ts';
import { meRoutes } from './me/routes.ts';
import { transferRoutes } from './transfers/routes.ts';
import { orderRoutes } from './orders/routes.ts';
import type { RelayConfig } from './outbox/relay-config.ts';
import { startRelay } from './outbox/relay.ts';
import { createPaymentGateways, type PaymentGateways } from './payments/config.ts';
import { paymentRoutes } from './payments/routes.ts';
import { startPaymentsWorker } from './payments/worker.ts';
import { ticketSigningKey } from './tickets/signing.ts';

/*
 * Booking's wiring, the one place where its parts are built and joined:
 * the database, the use-case services, the HTTP app, and each process role
 * (API, sweeper, payments worker). The entry files (main.ts, sweeper.ts,
 * payments-worker.ts, relay.ts) only load their configuration and call a
 * starter here; tests and benchmarks call the same starters.
 */

/** Booking's PostgreSQL as another service's process holds it (the back office). */
export interface BookingDatabase {
  /** What every use case runs on. */
  db: Database;
  /** Throws when PostgreSQL cannot answer: for a readiness check. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface BookingDatabaseOptions {
  databaseUrl: string;
  /** Connections this process keeps; 10 when absent. */
  poolSize?: number;
  /** Longest any statement waits for a lock (the connection's `lock_timeout`); 2 s when absent. */
  lockTimeoutMs?: number;
  logger: Logger;
  /** How the connections name themselves in `pg_stat_activity`. */
  applicationName: string;
  /** Server-side bound of one statement; 10 s when absent. */
  statementTimeoutMs?: number;
  /** How long a ping may go unanswered before PostgreSQL counts as silent; 1 s when absent. */
  answerTimeoutMs?: number;
}

/** Booking's own processes also keep the ORM, for migrations and their tests' factories. */
interface OpenedDatabase extends BookingDatabase {
  orm: MikroORM;
}

/** Longest a shutdown waits for the pool to hand back its connections. */
const poolCloseLimitMs = 5_000;

/**
 * Closes the ORM's pool, but gives up after `limitMs`: a connection cut by the
 * network under a statement can stay checked out of the pool for good, and a
 * process that is stopping must not hang on it (its sessions end with it).
 */
async function closeWithin(orm: MikroORM, logger: Logger, limitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), limitMs);
    timer.unref();
  });
  const outcome = await Promise.race([orm.close().then(() => 'closed' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') logger.warn({ limitMs }, 'booking: database pool still had connections out; left them');
}

async function openDatabase(options: BookingDatabaseOptions): Promise<OpenedDatabase> {
  // Silence is told by pings of its own connection, so a statement never waits on a server that went quiet.
  const watch = createPostgresWatch({
    connectionString: options.databaseUrl,
    answerTimeoutMs: options.answerTimeoutMs,
    applicationName: `${options.applicationName}-watch`,
    logger: options.logger,
  });
  let orm: MikroORM;
  try {
    orm = await createOrm({ ...options, lockTimeoutMs: options.lockTimeoutMs ?? 2_000, watch });
  } catch (error) {
    await watch.close();
    throw error;
  }
  const db = createDatabase(orm, options.logger, watch);
  return {
    orm,
    db,
    ping: async () => void (await db.read((sql) => sql.query('SELECT 1'))),
    async close() {
      await db.close();
      await closeWithin(orm, options.logger, poolCloseLimitMs);
      await watch.close();
    },
  };
}

/**
 * Booking's database for another service's process, the way booking's own
 * processes reach it. It never migrates (booking's `npm run migrate` does);
 * commits that wrote outbox messages wake booking's relay as booking's own do.
 */
export async function openBookingDatabase(options: BookingDatabaseOptions): Promise<BookingDatabase> {
  const { orm: _orm, ...opened } = await openDatabase(options);
  return opened;
}

/** What a bounded context's routes are given: ready-made services, nothing to build. */
export interface BookingContext {
  config: BookingConfig;
  logger: Logger;
  db: Database;
  holds: HoldsService;
  payments: PaymentGateways;
  ticketKey: TicketSigningKey;
}

/** A bounded context's HTTP surface. */
export type RouteModule = (context: BookingContext) => readonly AnyRoute[];

/** Every context with routes, in mount order: a new context is one more entry here. */
export const bookingRouteModules: readonly RouteModule[] = [
  holdRoutes,
  orderRoutes,
  paymentRoutes,
  meRoutes,
  transferRoutes,
];

export interface BookingAppDeps {
  config: BookingConfig;
  logger: Logger;
  metrics: Metrics;
  database: BookingDatabase;
  /** Verifies access tokens of the identity provider. */
  authenticator: Authenticator;
  /** Verifies the waiting room's admission tokens offline (cached JWKS). */
  admission: AdmissionVerifier;
  /** Defaults to `bookingRouteModules`. */
  routeModules?: readonly RouteModule[];
}

/** The booking API: health, readiness on PostgreSQL, metrics, and every context's routes. */
export function createBookingApp(deps: BookingAppDeps): ServiceApp {
  const { config, database } = deps;
  const service = createApp({
    service: 'booking',
    logger: deps.logger,
    metrics: deps.metrics,
    readiness: { postgres: () => database.ping() },
    proxy: config.BOOKING_TRUST_PROXY,
    hsts: config.NODE_ENV === 'production',
  });
  const context: BookingContext = {
    config,
    logger: deps.logger,
    db: database.db,
    holds: createHoldsService({ db: database.db, admission: deps.admission }),
    payments: createPaymentGateways(config),
    ticketKey: ticketSigningKey(config),
  };
  const routes = (deps.routeModules ?? bookingRouteModules).flatMap((module) => module(context));
  mountRoutes(service.router, routes, { authenticator: deps.authenticator });
  return service;
}

/** A started process role: what to close, in opening order (closing runs in reverse). */
export interface RunningRole {
  resources: Closeable[];
  close(): Promise<void>;
}

function running(resources: Closeable[]): RunningRole {
  return {
    resources,
    async close() {
      for (const resource of [...resources].reverse()) await resource.close();
    },
  };
}

/** Opens everything `open` registers, or closes what was opened and rethrows. */
async function starting<T>(open: (resources: Closeable[]) => Promise<T>): Promise<T & RunningRole> {
  const resources: Closeable[] = [];
  try {
    return { ...(await open(resources)), ...running(resources) };
  } catch (error) {
    await running(resources).close();
    throw error;
  }
}

const database = (config: BookingConfig, logger: Logger, applicationName: string, poolSize: number) =>
  openDatabase({
    databaseUrl: config.DATABASE_URL,
    poolSize,
    lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    answerTimeoutMs: config.DATABASE_ANSWER_TIMEOUT_MS,
    logger,
    applicationName,
  });

export interface BookingApiOptions {
  /** Defaults to BOOKING_HOST and BOOKING_PORT. */
  host?: string;
  port?: number;
  /** Defaults to the issuer's key set, each token's signature verified once. */
  authenticator?: Authenticator;
  /** Defaults to the waiting room's key set from ADMISSION_JWKS_URL. */
  admission?: AdmissionVerifier;
  routeModules?: readonly RouteModule[];
  /** Process metrics (event loop, memory) on /metrics; off in tests. */
  defaultMetrics?: boolean;
}

/** The booking HTTP process (main.ts). Any number of copies can run: all coordination is in PostgreSQL. */
export async function startBookingApi(config: BookingConfig, logger: Logger, options: BookingApiOptions = {}) {
  return starting(async (resources) => {
    const opened = await database(config, logger, 'booking', config.DATABASE_POOL_SIZE);
    resources.push({ name: 'postgres', close: () => opened.close() });
    if (config.BOOKING_MIGRATE) logger.info({ applied: await migrate(opened.orm) }, 'migrations applied');
    const { app } = createBookingApp({
      config,
      logger,
      metrics: createMetrics('booking', { defaults: options.defaultMetrics ?? true }),
      database: opened,
      // A fan presents one token for every hold, order and read: verify its signature once.
      authenticator:
        options.authenticator ??
        cachedAuthenticator(
          createTokenVerifier({
            issuer: config.OIDC_ISSUER,
            audience: config.OIDC_AUDIENCE,
            jwksUri: config.OIDC_JWKS_URL,
          }),
        ),
      admission: options.admission ?? createAdmissionVerifier({ jwksUri: config.ADMISSION_JWKS_URL }),
      ...(options.routeModules ? { routeModules: options.routeModules } : {}),
    });
    if (config.BOOKING_RUN_SWEEPER) resources.push(...startSweeperRounds(config, logger, opened.db));
    const server: RunningServer = await listen(
      app,
      options.port ?? config.BOOKING_PORT,
      options.host ?? config.BOOKING_HOST,
    );
    resources.push({ name: 'http', close: () => server.close(config.SHUTDOWN_DRAIN_MS) });
    logger.info({ port: server.port, url: server.url }, 'listening');
    return { server, database: opened };
  });
}

function startSweeperRounds(config: BookingConfig, logger: Logger, db: Database): Closeable[] {
  const inventory = startInventoryPublisher(db, logger, { intervalMs: config.INVENTORY_INTERVAL_MS });
  const sweeper = startSweeper(db, logger, {
    intervalMs: config.SWEEPER_INTERVAL_MS,
    batchSize: config.SWEEPER_BATCH_SIZE,
    onReleased: () => inventory.publishNow(),
  });
  const refunder = startCancellationRefunder(db, logger, { intervalMs: config.SWEEPER_INTERVAL_MS });
  return [
    { name: 'inventory', close: () => inventory.stop() },
    { name: 'sweeper', close: () => sweeper.stop() },
    { name: 'cancellation-refunds', close: () => refunder.stop() },
  ];
}

/**
 * The hold sweeper process, which also publishes drop inventory (sweeper.ts).
 * Several may run: each sweep batch claims its holds with SKIP LOCKED, and
 * each drop's inventory is published under a per-drop advisory lock.
 */
export async function startBookingSweeper(config: BookingConfig, logger: Logger) {
  return starting(async (resources) => {
    const opened = await database(config, logger, 'booking-sweeper', 2);
    resources.push({ name: 'postgres', close: () => opened.close() });
    resources.push(...startSweeperRounds(config, logger, opened.db));
    return {};
  });
}

export interface PaymentsWorkerRoleOptions {
  amqpUrl: string;
  names?: Partial<ExchangeNames>;
  queue?: string;
  concurrency?: number;
  retryDelaysMs?: readonly number[];
  defaultMetrics?: boolean;
  /** The port of /health, /ready and /metrics (0 picks a free one) and its interface. */
  port: number;
  host: string;
}

/**
 * The payments worker (payments-worker.ts): makes the provider calls
 * (capture, cancel, refund) the booking transactions queued through the
 * outbox. Refuses the development gateway in production before consuming.
 */
export async function startBookingPaymentsWorker(
  config: BookingConfig,
  logger: Logger,
  options: PaymentsWorkerRoleOptions,
) {
  return starting(async (resources) => {
    const { gateway } = createPaymentGateways(config);
    const opened = await database(config, logger, 'booking-payments', config.DATABASE_POOL_SIZE);
    resources.push({ name: 'postgres', close: () => opened.close() });
    const connection = createRabbit(options.amqpUrl, logger, 'booking-payments');
    resources.push({ name: 'rabbitmq', close: () => connection.close() });
    const metrics = createMetrics('booking-payments', { defaults: options.defaultMetrics ?? true });
    const consumer = await startPaymentsWorker({
      connection,
      db: opened.db,
      gateway,
      logger,
      metrics,
      ...(options.queue ? { queue: options.queue } : {}),
      ...(options.names ? { names: options.names } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
    });
    resources.push({ name: 'consumer', close: () => consumer.close() });
    const { app } = createApp({
      service: 'booking-payments',
      logger,
      metrics,
      readiness: { postgres: () => opened.ping(), rabbitmq: () => pingRabbit(connection) },
    });
    const server = await listen(app, options.port, options.host);
    resources.push({ name: 'http', close: () => server.close(2_000) });
    logger.info({ provider: gateway.provider, port: server.port }, 'payments worker consuming');
    return { server, gateway };
  });
}

export interface RelayRoleOptions {
  /** Defaults to RELAY_HOST and RELAY_PORT. */
  host?: string;
  port?: number;
  defaultMetrics?: boolean;
}

/**
 * The outbox relay process (relay.ts): publishes booking's outbox to
 * RabbitMQ. Several copies may run; leases and SKIP LOCKED share the rows
 * between them, and every row goes out at least once.
 */
export async function startBookingRelay(config: RelayConfig, logger: Logger, options: RelayRoleOptions = {}) {
  return starting(async (resources) => {
    const pool = createPgPool(
      { connectionString: config.DATABASE_URL, max: 3, applicationName: 'booking-relay' },
      logger,
    );
    resources.push({ name: 'postgres', close: () => pool.end() });
    const connection = createRabbit(config.AMQP_URL, logger, 'booking-relay');
    resources.push({ name: 'rabbitmq', close: () => connection.close() });
    const metrics = createMetrics('booking-relay', { defaults: options.defaultMetrics ?? true });
    const crashAfter = config.RELAY_CRASH_AFTER_PUBLISH;
    const relay = startRelay({
      db: pgSql(pool),
      connection,
      listenUrl: config.DATABASE_URL,
      names: exchangeNamesOf(config),
      batchSize: config.RELAY_BATCH_SIZE,
      pollMs: config.RELAY_POLL_MS,
      leaseMs: config.RELAY_LEASE_MS,
      backoff: { baseMs: config.RELAY_BACKOFF_BASE_MS, maxMs: config.RELAY_BACKOFF_MAX_MS },
      prune: {
        retentionDays: config.RELAY_RETENTION_DAYS,
        intervalMs: config.RELAY_PRUNE_INTERVAL_MS,
        batchSize: config.RELAY_PRUNE_BATCH_SIZE,
      },
      logger,
      metrics,
      ...(crashAfter === undefined
        ? {}
        : {
            afterPublish: (confirmed: number) => {
              if (confirmed < crashAfter) return;
              logger.warn({ confirmed }, 'fault injection: dying between publish and mark');
              process.kill(process.pid, 'SIGKILL');
            },
          }),
    });
    resources.push({ name: 'relay', close: () => relay.stop() });
    const { app } = createApp({
      service: 'booking-relay',
      logger,
      metrics,
      readiness: { postgres: () => pingPostgres(pool), rabbitmq: () => pingRabbit(connection) },
    });
    const server = await listen(app, options.port ?? config.RELAY_PORT, options.host ?? config.RELAY_HOST);
    resources.push({ name: 'http', close: () => server.close(2_000) });
    logger.info(
      { port: server.port, batchSize: config.RELAY_BATCH_SIZE, pollMs: config.RELAY_POLL_MS },
      'relay running',
    );
    return { relay, server };
  });
}
