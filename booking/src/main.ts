import {
  createAdmissionVerifier,
  createLogger,
  createMetrics,
  cachedAuthenticator,
  createTokenVerifier,
  listen,
  shutdownOnSignals,
  type Closeable,
} from '@ticketing/common';
import { createBookingApp } from './app.ts';
import { loadBookingConfig } from './config.ts';
import { createOrm, migrate } from './db/orm.ts';
import { startSweeper } from './holds/sweep.ts';
import { startInventoryPublisher } from './inventory/publish.ts';
import { createOutboxWake } from './outbox/wake.ts';

/* The booking HTTP process. Any number of copies can run: all coordination is in PostgreSQL. */

const config = loadBookingConfig();
const logger = createLogger('booking', config.LOG_LEVEL);

try {
  const orm = await createOrm({
    databaseUrl: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    logger,
    applicationName: 'booking',
  });
  const resources: Closeable[] = [{ name: 'postgres', close: () => orm.close() }];
  if (config.BOOKING_MIGRATE) {
    logger.info({ applied: await migrate(orm) }, 'migrations applied');
  }
  const outboxWake = createOutboxWake((sql) => orm.em.fork().execute(sql), logger);
  resources.push({ name: 'outbox wake', close: () => outboxWake.close() });
  const { app } = createBookingApp({
    config,
    logger,
    orm,
    metrics: createMetrics('booking'),
    // A fan presents one token for every hold, order and read: verify its signature once.
    authenticator: cachedAuthenticator(
      createTokenVerifier({
        issuer: config.OIDC_ISSUER,
        audience: config.OIDC_AUDIENCE,
        jwksUri: config.OIDC_JWKS_URL,
      }),
    ),
    admission: createAdmissionVerifier({ jwksUri: config.ADMISSION_JWKS_URL }),
    outboxWake,
  });
  if (config.BOOKING_RUN_SWEEPER) {
    const inventory = startInventoryPublisher(orm.em, logger, { intervalMs: config.INVENTORY_INTERVAL_MS });
    const sweeper = startSweeper(orm.em, logger, {
      intervalMs: config.SWEEPER_INTERVAL_MS,
      batchSize: config.SWEEPER_BATCH_SIZE,
      onReleased: () => inventory.publishNow(),
    });
    resources.push({ name: 'inventory', close: () => inventory.stop() });
    resources.push({ name: 'sweeper', close: () => sweeper.stop() });
  }
  const server = await listen(app, config.BOOKING_PORT, config.BOOKING_HOST);
  resources.push({ name: 'http', close: () => server.close(config.SHUTDOWN_DRAIN_MS) });
  logger.info({ port: server.port, url: server.url }, 'listening');
  shutdownOnSignals(logger, resources);
} catch (error) {
  logger.fatal({ err: error }, 'booking failed to start');
  process.exit(1);
}
