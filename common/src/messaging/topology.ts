import type { Connection, MethodParams, Cmd } from 'rabbitmq-client';
import { deadLetterExchange, eventsExchange } from '../events.ts';

type ExchangeDeclaration = MethodParams[Cmd.ExchangeDeclare];
type QueueDeclaration = MethodParams[Cmd.QueueDeclare];
type QueueBinding = MethodParams[Cmd.QueueBind];

/** Exchange names; tests pass their own so they never touch the shared ones. */
export interface ExchangeNames {
  /** Topic exchange booking publishes to; the routing key is the message type. */
  exchange: string;
  /** Direct exchange that carries retries back to their queue and failures to parking. */
  deadLetterExchange: string;
}

export const defaultExchangeNames: ExchangeNames = { exchange: eventsExchange, deadLetterExchange };

export function exchangeNames(overrides: Partial<ExchangeNames> = {}): ExchangeNames {
  return { ...defaultExchangeNames, ...overrides };
}

export function exchangeDeclarations(names: ExchangeNames): ExchangeDeclaration[] {
  return [
    { exchange: names.exchange, type: 'topic', durable: true },
    { exchange: names.deadLetterExchange, type: 'direct', durable: true },
  ];
}

/** Declares the events exchange and its dead-letter exchange (idempotent). */
export async function declareTopology(
  connection: Connection,
  overrides: Partial<ExchangeNames> = {},
): Promise<ExchangeNames> {
  const names = exchangeNames(overrides);
  for (const declaration of exchangeDeclarations(names)) await connection.exchangeDeclare(declaration);
  return names;
}

export const parkedSuffix = '.parked';

export function parkedQueueName(queue: string): string {
  return `${queue}${parkedSuffix}`;
}

export function retryQueueName(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}ms`;
}

/**
 * Everything one consumer queue needs, as declarations rabbitmq-client can
 * replay after a reconnect:
 *
 * - the main queue, bound to the events exchange by the consumer's routing
 *   keys, and to the dead-letter exchange by its own name (the way back from
 *   the retry queues); anything the broker itself rejects from it goes to
 *   parking rather than vanishing;
 * - one retry queue per delay: nobody consumes them, their TTL expires the
 *   message back to the main queue, so a waiting retry holds no consumer;
 * - the parked queue, where messages wait for a person (and `replayParked`).
 */
export interface QueueTopology {
  queue: string;
  parkedQueue: string;
  retryQueues: Array<{ name: string; delayMs: number }>;
  mainQueue: QueueDeclaration;
  /** Retry and parked queues. */
  sideQueues: QueueDeclaration[];
  mainBindings: QueueBinding[];
  sideBindings: QueueBinding[];
}

export function queueTopology(
  queue: string,
  routingKeys: readonly string[],
  retryDelaysMs: readonly number[],
  names: ExchangeNames,
): QueueTopology {
  const parkedQueue = parkedQueueName(queue);
  const retryQueues = [...new Set(retryDelaysMs)].map((delayMs) => ({ name: retryQueueName(queue, delayMs), delayMs }));
  return {
    queue,
    parkedQueue,
    retryQueues,
    mainQueue: {
      queue,
      durable: true,
      arguments: { 'x-dead-letter-exchange': names.deadLetterExchange, 'x-dead-letter-routing-key': parkedQueue },
    },
    sideQueues: [
      ...retryQueues.map(({ name, delayMs }) => ({
        queue: name,
        durable: true,
        arguments: {
          'x-message-ttl': delayMs,
          'x-dead-letter-exchange': names.deadLetterExchange,
          'x-dead-letter-routing-key': queue,
        },
      })),
      { queue: parkedQueue, durable: true },
    ],
    mainBindings: [
      ...routingKeys.map((routingKey) => ({ queue, exchange: names.exchange, routingKey })),
      { queue, exchange: names.deadLetterExchange, routingKey: queue },
    ],
    sideBindings: [{ queue: parkedQueue, exchange: names.deadLetterExchange, routingKey: parkedQueue }],
  };
}

/** Declares a consumer queue with its retry and parked queues and every binding. */
export async function declareQueueTopology(connection: Connection, topology: QueueTopology, names: ExchangeNames) {
  for (const declaration of exchangeDeclarations(names)) await connection.exchangeDeclare(declaration);
  await connection.queueDeclare(topology.mainQueue);
  for (const declaration of topology.sideQueues) await connection.queueDeclare(declaration);
  for (const binding of [...topology.mainBindings, ...topology.sideBindings]) await connection.queueBind(binding);
}

/** Removes a consumer queue and its side queues (tests, and retiring a consumer). */
export async function deleteQueueTopology(connection: Connection, topology: QueueTopology): Promise<void> {
  for (const name of [topology.queue, ...topology.sideQueues.map((q) => q.queue ?? '')]) {
    if (name) await connection.queueDelete({ queue: name });
  }
}
