import { z } from 'zod';
import {
  createLogger,
  exchangeNamesOf,
  loadConfig,
  messagingConfig,
  port,
  shutdownOnSignals,
  instanceScoped,
} from '@ticketing/common';
import { startBookingPaymentsWorker } from './composition.ts';
import { bookingConfigShape } from './config.ts';
import { paymentsQueue } from './payments/worker.ts';

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
  PAYMENTS_QUEUE: instanceScoped(z.string().min(1).default(paymentsQueue)),
  // payment commands handled at once by one worker
  PAYMENTS_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});
const logger = createLogger('booking-payments', config.LOG_LEVEL);

try {
  const worker = await startBookingPaymentsWorker(config, logger, {
    amqpUrl: config.AMQP_URL,
    names: exchangeNamesOf(config),
    queue: config.PAYMENTS_QUEUE,
    concurrency: config.PAYMENTS_WORKER_CONCURRENCY,
    port: config.PAYMENTS_WORKER_PORT,
    host: config.PAYMENTS_WORKER_HOST,
  });
  shutdownOnSignals(logger, worker.resources);
} catch (error) {
  logger.fatal({ err: error }, 'payments worker failed to start');
  process.exit(1);
}
