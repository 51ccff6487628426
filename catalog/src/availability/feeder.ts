import type { Connection } from 'rabbitmq-client';
import type { Registry } from 'prom-client';
import {
  createConsumer,
  type Envelope,
  type ExchangeNames,
  type Logger,
  type MessageContext,
  type MessageHandlers,
  type QueueConsumer,
} from '@ticketing/common';
import type { AvailabilityCache } from './cache.ts';
import type { PropagationRecorder } from './propagation.ts';
import { createSeatChangeHandler, seatMessageTypes, type SeatMessageType } from './seat-changes.ts';

export interface FeederOptions {
  connection: Connection;
  queue: string;
  names?: Partial<ExchangeNames>;
  cache: AvailabilityCache;
  logger: Logger;
  registry: Registry;
  propagation: PropagationRecorder;
  /** Events whose cache is rebuilt from PostgreSQL as the feeder starts. */
  warmEventIds: () => Promise<string[]>;
  gapRebuildDelayMs?: number;
  /** Handlers of other messages the catalog follows on the same queue (event and seat map changes). */
  handlers?: MessageHandlers;
  /** Delay before each retry of a failed message; after the last one it is parked. */
  retryDelaysMs?: readonly number[];
  /** Parked messages go back to the queue while `ready()` resolves (common/src/messaging/redrive.ts). */
  redrive?: { ready(): Promise<unknown>; intervalMs?: number };
}

const defaultRetryDelaysMs = [500, 5_000, 30_000];

export interface Feeder {
  consumer: QueueConsumer;
  /** Resolves when the start-up rebuild has gone through every event. */
  warmed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Keeps the availability cache in step with booking: consumes the seat
 * messages (every catalog instance shares the queue), and any other handlers
 * given (consumers/), and, once consuming,
 * rebuilds the live events from PostgreSQL, since changes made while no
 * feeder was running may never have reached the queue.
 */
export async function startFeeder(options: FeederOptions): Promise<Feeder> {
  const { cache, logger } = options;
  const retryDelaysMs = options.retryDelaysMs ?? defaultRetryDelaysMs;
  const handler = createSeatChangeHandler({
    cache,
    logger,
    propagation: options.propagation,
    gapRebuildDelayMs: options.gapRebuildDelayMs,
    finalAttempt: retryDelaysMs.length + 1,
  });
  const handle = (envelope: Envelope<SeatMessageType>, context: MessageContext) =>
    handler.handle(envelope, context.attempt);
  const consumer = await createConsumer({
    connection: options.connection,
    queue: options.queue,
    names: options.names,
    handlers: { ...options.handlers, ...Object.fromEntries(seatMessageTypes.map((type) => [type, handle])) },
    retry: { delaysMs: retryDelaysMs },
    // Messages of one event arriving together are applied as one batch, so more in hand means fewer script calls.
    concurrency: 64,
    ...(options.redrive ? { redrive: options.redrive } : {}),
    logger,
    metrics: { registry: options.registry },
  });
  const warmed = (async () => {
    for (const eventId of await options.warmEventIds()) {
      const outcome = await cache.rebuild(eventId);
      logger.debug({ eventId, outcome }, 'availability: start-up rebuild');
    }
  })().catch((error: unknown) => logger.warn({ err: error }, 'availability: start-up rebuild failed'));
  return {
    consumer,
    warmed,
    async close() {
      handler.close();
      await consumer.close();
    },
  };
}
