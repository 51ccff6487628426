import { z } from 'zod';
import {
  createApp,
  createLogger,
  createMetrics,
  createRabbit,
  exchangeNamesOf,
  listen,
  loadConfig,
  messagingConfig,
  pingRabbit,
  port,
  shutdownOnSignals,
} from '@ticketing/common';
import { bookingConfigShape } from './config.ts';
import { createOrm } from './db/orm.ts';
import { createPaymentGateways } from './payments/config.ts';
import { paymentsQueue, startPaymentsWorker } from './payments/worker.ts';

/*
 * The payments worker: makes the provider calls (capture, cancel, refund)
 * the booking transactions queued through the outbox. Any number of copies
 * may run; each command is idempotent at the provider and in the database.
 */

const config = loadConfig('booking-payments', {
  ...bookingConfigShape,
  // RabbitMQ and the exchanges the relay publishes booking's events to
  ...messagingConfig,
  // port of /health, /ready and /metrics; 0 picks a free one
  PAYMENTS_WORKER_PORT: port(4013),
  // interface the health and metrics port listens on
  PAYMENTS_WORKER_HOST: z.string().min(1).default('0.0.0.0'),
  // durable queue of the payment commands, shared by every copy of the worker
  PAYMENTS_QUEUE: z.string().min(1).default(paymentsQueue),
  // payment commands handled at once by one worker
  PAYMENTS_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});
const logger = createLogger('booking-payments', config.LOG_LEVEL);

try {
  const orm = await createOrm({
    databaseUrl: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    logger,
    applicationName: 'booking-payments',
  });
  // Refuses the development gateway in production, before anything is consumed.
  const { gateway } = createPaymentGateways(config);
  const connection = createRabbit(config.AMQP_URL, logger, 'booking-payments');
  const metrics = createMetrics('booking-payments');
  const consumer = await startPaymentsWorker({
    connection,
    orm,
    gateway,
    logger,
    metrics,
    queue: config.PAYMENTS_QUEUE,
    names: exchangeNamesOf(config),
    concurrency: config.PAYMENTS_WORKER_CONCURRENCY,
  });
  const { app } = createApp({
    service: 'booking-payments',
    logger,
    metrics,
    readiness: { postgres: () => orm.em.fork().execute('SELECT 1'), rabbitmq: () => pingRabbit(connection) },
  });
  const server = await listen(app, config.PAYMENTS_WORKER_PORT, config.PAYMENTS_WORKER_HOST);
  logger.info({ provider: gateway.provider, port: server.port }, 'payments worker consuming');
  shutdownOnSignals(logger, [
    { name: 'postgres', close: () => orm.close() },
    { name: 'rabbitmq', close: () => connection.close() },
    { name: 'consumer', close: () => consumer.close() },
    { name: 'http', close: () => server.close(2_000) },
  ]);
} catch (error) {
  logger.fatal({ err: error }, 'payments worker failed to start');
  process.exit(1);
}
