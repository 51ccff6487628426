import { ConsumerStatus, type AsyncMessage, type Connection, type Publisher } from 'rabbitmq-client';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Envelope, MessageType } from '../events.ts';
import { parseEnvelope } from './envelope.ts';
import { startParkedRedrive, type ParkedRedrive } from './redrive.ts';
import { consumerMetrics } from './consumer-metrics.ts';
import {
  attemptsHeader,
  boundedText,
  copyMessage,
  headerNumber,
  headersOf,
  lastErrorHeader,
  parkedAtHeader,
  parkedAttemptsHeader,
  parkedFromHeader,
  parkedReasonHeader,
} from './message-copy.ts';
import {
  declareQueueTopology,
  exchangeDeclarations,
  exchangeNames,
  queueTopology,
  type ExchangeNames,
  type QueueTopology,
} from './topology.ts';

export interface MessageContext {
  queue: string;
  /** 1 on the first delivery, 2 on the first retry, and so on. */
  attempt: number;
  /** The broker delivered this copy before (a consumer died or the channel closed mid-work). */
  redelivered: boolean;
  logger: Logger;
}

export type MessageHandler<T extends MessageType> = (envelope: Envelope<T>, context: MessageContext) => Promise<void>;

/** One handler per message type (each in its own file, per the style guide). */
export type MessageHandlers = { [T in MessageType]?: MessageHandler<T> };

/**
 * Remembers which message ids a consumer has handled. Storage belongs to
 * each service (a table, a Redis set with expiry); the queue factory asks
 * before the handler runs and records after it succeeded, so a duplicate
 * delivery (the relay publishes at least once) is acknowledged unhandled.
 */
export interface MessageDedupe {
  isHandled(messageId: string, queue: string): Promise<boolean>;
  markHandled(messageId: string, queue: string): Promise<void>;
}

export interface ConsumerOptions {
  connection: Connection;
  /** Durable queue name, owned by one consuming service. */
  queue: string;
  handlers: MessageHandlers;
  /** Routing keys (topic patterns) to bind; defaults to the handled types. */
  bindings?: readonly string[];
  /** Delay before each retry; after the last one the message is parked. */
  retry?: { delaysMs: readonly number[] };
  /** Handlers running at once. */
  concurrency?: number;
  /** Messages the broker sends ahead; defaults to twice the concurrency. */
  prefetch?: number;
  names?: Partial<ExchangeNames>;
  dedupe?: MessageDedupe;
  /**
   * Puts parked messages back once `ready()` says the handlers' dependencies
   * answer again (redrive.ts); without it parked messages wait for a person.
   */
  redrive?: { ready(): Promise<unknown>; intervalMs?: number; maxReplays?: number };
  logger: Logger;
  metrics: { registry: Registry };
}

export interface QueueConsumer {
  topology: QueueTopology;
  /** The automatic re-drive of parked messages, when asked for. */
  redrive: ParkedRedrive | undefined;
  /** Stops taking messages and resolves once every handler in flight has settled. */
  close(): Promise<void>;
}

/** About eight and a half minutes in all: an ordinary outage of a store is ridden out before anything is parked. */
export const defaultRetryDelaysMs = [1_000, 5_000, 30_000, 120_000, 300_000] as const;

/**
 * The one queue factory: declares the queue with its retry and parked
 * queues, runs the handler for each message type, and owns what happens on
 * failure. A failed handler's message goes to the retry queue for its
 * attempt (a TTL brings it back, so nothing sleeps holding a message); when
 * the delays are used up, or the message cannot be read at all, it is parked
 * with the reason in its headers. Every detour is a confirmed publish before
 * the original is acknowledged, so a crash in between duplicates and never loses.
 */
export async function createConsumer(options: ConsumerOptions): Promise<QueueConsumer> {
  const { connection, queue, handlers, logger } = options;
  const names: ExchangeNames = exchangeNames(options.names);
  const delays = options.retry?.delaysMs ?? defaultRetryDelaysMs;
  const bindings = options.bindings ?? Object.keys(handlers);
  const topology = queueTopology(queue, bindings, delays, names);
  const metrics = consumerMetrics(options.metrics.registry);
  const concurrency = options.concurrency ?? 4;

  await declareQueueTopology(connection, topology, names);

  const detours: Publisher = connection.createPublisher({
    confirm: true,
    maxAttempts: 3,
    exchanges: exchangeDeclarations(names),
    queues: topology.sideQueues,
    queueBindings: topology.sideBindings,
  });

  const park = async (msg: AsyncMessage, reason: string, attempts: number, type: string) => {
    const copy = copyMessage(
      msg,
      { exchange: '', routingKey: topology.parkedQueue },
      {
        [parkedReasonHeader]: boundedText(reason),
        [parkedAttemptsHeader]: attempts,
        [parkedAtHeader]: new Date().toISOString(),
        [parkedFromHeader]: queue,
      },
    );
    await detours.send(copy.envelope, copy.body);
    metrics.parked.inc({ queue, type });
    logger.warn({ queue, messageId: msg.messageId, type, attempts, reason }, 'message parked');
  };

  const retryLater = async (msg: AsyncMessage, attempt: number, error: string, type: string) => {
    const retryQueue = topology.retryQueues.find((q) => q.delayMs === delays[attempt - 1]);
    if (!retryQueue) throw new Error(`no retry queue for attempt ${attempt}`);
    const copy = copyMessage(
      msg,
      { exchange: '', routingKey: retryQueue.name },
      { [attemptsHeader]: attempt, [lastErrorHeader]: boundedText(error) },
    );
    await detours.send(copy.envelope, copy.body);
    metrics.retried.inc({ queue, type });
    logger.info(
      { queue, messageId: msg.messageId, type, attempt, delayMs: retryQueue.delayMs },
      'message will be retried',
    );
  };

  const handle = async (msg: AsyncMessage): Promise<void> => {
    const failedBefore = headerNumber(headersOf(msg)[attemptsHeader]);
    const parsed = parseEnvelope(msg.body, msg.contentType);
    if (!parsed.ok) return park(msg, `poison: ${parsed.reason}`, failedBefore, 'invalid');
    const { envelope } = parsed;
    const handler = handlers[envelope.type] as MessageHandler<MessageType> | undefined;
    if (!handler) return park(msg, `no handler for ${envelope.type}`, failedBefore, envelope.type);

    const attempt = failedBefore + 1;
    const context: MessageContext = {
      queue,
      attempt,
      redelivered: msg.redelivered,
      logger: logger.child({ queue, messageId: envelope.id, type: envelope.type, attempt }),
    };
    const stopTimer = metrics.duration.startTimer({ queue, type: envelope.type });
    try {
      if (options.dedupe && (await options.dedupe.isHandled(envelope.id, queue))) {
        metrics.duplicates.inc({ queue, type: envelope.type });
        return;
      }
      await handler(envelope, context);
    } catch (error) {
      stopTimer();
      metrics.failed.inc({ queue, type: envelope.type });
      const message = error instanceof Error ? error.message : String(error);
      context.logger.warn({ err: error }, 'handler failed');
      if (attempt <= delays.length) return retryLater(msg, attempt, message, envelope.type);
      return park(msg, message, attempt, envelope.type);
    }
    stopTimer();
    metrics.handled.inc({ queue, type: envelope.type });
    if (options.dedupe) {
      // The work is done: failing to remember it risks one duplicate later, not a retry now.
      await options.dedupe.markHandled(envelope.id, queue).catch((error: unknown) => {
        context.logger.warn({ err: error }, 'could not record the message as handled');
      });
    }
  };

  const consumer = connection.createConsumer(
    {
      queue,
      queueOptions: topology.mainQueue,
      exchanges: exchangeDeclarations(names),
      queueBindings: topology.mainBindings,
      qos: { prefetchCount: options.prefetch ?? concurrency * 2 },
      concurrency,
      requeue: true,
    },
    async (msg) => {
      try {
        await handle(msg);
        return ConsumerStatus.ACK;
      } catch (error) {
        // A detour could not be published (the broker is in trouble): the
        // message goes back to the queue as it was, after a pause so a
        // persistent fault does not spin.
        logger.error({ err: error, queue, messageId: msg.messageId }, 'could not retry or park a message; requeued');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return ConsumerStatus.REQUEUE;
      }
    },
  );
  consumer.on('error', (error: unknown) => logger.warn({ err: error, queue }, 'consumer error'));
  const redrive = options.redrive
    ? startParkedRedrive({ ...options.redrive, connection, queue, logger, registry: options.metrics.registry })
    : undefined;

  let closing: Promise<void> | undefined;
  return {
    topology,
    redrive,
    close() {
      closing ??= (async () => {
        await redrive?.close();
        await consumer.close();
        await detours.close();
      })();
      return closing;
    },
  };
}
