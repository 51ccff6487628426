import { createConsumer, type ExchangeNames, type Logger, type Metrics, type QueueConsumer } from '@ticketing/common';
import type { Connection } from 'rabbitmq-client';
import type { Database } from '../db/database.ts';
import { paymentCommandHandlers, paymentCommandTypes } from './commands/index.ts';
import type { PaymentGateway } from './gateway.ts';

export const paymentsQueue = 'booking.payments';

/** Captures can wait a while for a provider outage to pass; after the last delay a person looks. */
export const paymentRetryDelaysMs = [1_000, 10_000, 60_000, 300_000, 900_000] as const;

export interface PaymentsWorkerOptions {
  connection: Connection;
  db: Database;
  gateway: PaymentGateway;
  logger: Logger;
  metrics: Pick<Metrics, 'registry'>;
  /** Tests use their own queue and exchanges. */
  queue?: string;
  names?: Partial<ExchangeNames>;
  retryDelaysMs?: readonly number[];
  concurrency?: number;
}

/**
 * Consumes the payment commands the sale writes to the outbox (capture,
 * cancel, refund) from the events exchange, through the shared queue
 * factory: acknowledged after the command succeeded, retried with delays
 * when it failed, parked when the delays are used up.
 */
export function startPaymentsWorker(options: PaymentsWorkerOptions): Promise<QueueConsumer> {
  return createConsumer({
    connection: options.connection,
    queue: options.queue ?? paymentsQueue,
    handlers: paymentCommandHandlers({
      db: options.db,
      gateways: { [options.gateway.provider]: options.gateway },
      logger: options.logger,
    }),
    bindings: paymentCommandTypes,
    retry: { delaysMs: options.retryDelaysMs ?? paymentRetryDelaysMs },
    concurrency: options.concurrency ?? 4,
    ...(options.names ? { names: options.names } : {}),
    logger: options.logger,
    metrics: options.metrics,
  });
}
