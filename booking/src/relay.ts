import {
  createApp,
  createLogger,
  createMetrics,
  createPgPool,
  createRabbit,
  exchangeNamesOf,
  listen,
  pingPostgres,
  pingRabbit,
  shutdownOnSignals,
} from '@ticketing/common';
import { loadRelayConfig } from './outbox/relay-config.ts';
import { startRelay } from './outbox/relay.ts';

/*
 * The outbox relay process: publishes booking's outbox to RabbitMQ. Several
 * copies may run; leases and SKIP LOCKED share the rows between them, and
 * every row goes out at least once.
 */

const config = loadRelayConfig();
const logger = createLogger('booking-relay', config.LOG_LEVEL);

try {
  const pool = createPgPool(
    { connectionString: config.DATABASE_URL, max: 3, applicationName: 'booking-relay' },
    logger,
  );
  const connection = createRabbit(config.AMQP_URL, logger, 'booking-relay');
  const metrics = createMetrics('booking-relay');
  const crashAfter = config.RELAY_CRASH_AFTER_PUBLISH;
  const relay = startRelay({
    db: pool,
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
  const { app } = createApp({
    service: 'booking-relay',
    logger,
    metrics,
    readiness: { postgres: () => pingPostgres(pool), rabbitmq: () => pingRabbit(connection) },
  });
  const server = await listen(app, config.RELAY_PORT, config.RELAY_HOST);
  logger.info({ port: server.port, batchSize: config.RELAY_BATCH_SIZE, pollMs: config.RELAY_POLL_MS }, 'relay running');
  shutdownOnSignals(logger, [
    { name: 'postgres', close: () => pool.end() },
    { name: 'rabbitmq', close: () => connection.close() },
    { name: 'relay', close: () => relay.stop() },
    { name: 'http', close: () => server.close(2_000) },
  ]);
} catch (error) {
  logger.fatal({ err: error }, 'relay failed to start');
  process.exit(1);
}
