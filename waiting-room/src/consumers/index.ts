import type { Connection } from 'rabbitmq-client';
import type { Registry } from 'prom-client';
import type { Logger } from '@ticketing/common';
import { createConsumer, type MessageHandlers, type QueueConsumer } from '@ticketing/common';
import type { ExchangeNames } from '@ticketing/common';
import type { ConsumerDeps } from './deps.ts';
import { dropChanged } from './drop-changed.ts';
import { dropInventory } from './drop-inventory.ts';
import { holdCreated } from './hold-created.ts';
import { holdEnded } from './hold-ended.ts';
import { orderExpired } from './order-expired.ts';
import { orderPaid } from './order-paid.ts';

export interface BookingEventsOptions extends ConsumerDeps {
  connection: Connection;
  /** One durable queue shared by every waiting-room instance (competing consumers). */
  queue: string;
  names?: Partial<ExchangeNames>;
  retryDelaysMs?: readonly number[];
  /** Parked messages go back to the queue on this cadence while `ready()` resolves. */
  redrive?: { ready(): Promise<unknown>; intervalMs?: number };
  logger: Logger;
  registry: Registry;
}

/**
 * Booking's events the waiting room acts on. Every handler is idempotent
 * (freeing a slot twice frees it once; settings and inventory carry their
 * own order), so redeliveries need no extra bookkeeping.
 */
export function bookingEventHandlers(deps: ConsumerDeps): MessageHandlers {
  return {
    'order.paid': orderPaid(deps),
    'order.expired_not_charged': orderExpired(deps),
    'hold.created': holdCreated(deps),
    'hold.ended': holdEnded(deps),
    'drop.inventory': dropInventory(deps),
    'drop.changed': dropChanged(deps),
  };
}

export function consumeBookingEvents(options: BookingEventsOptions): Promise<QueueConsumer> {
  return createConsumer({
    connection: options.connection,
    queue: options.queue,
    handlers: bookingEventHandlers(options),
    names: options.names,
    retry: options.retryDelaysMs ? { delaysMs: options.retryDelaysMs } : undefined,
    concurrency: 64,
    ...(options.redrive ? { redrive: options.redrive } : {}),
    logger: options.logger,
    metrics: { registry: options.registry },
  });
}
