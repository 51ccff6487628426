import type { Connection, Publisher } from 'rabbitmq-client';
import type { Envelope } from '../events.ts';
import { exchangeDeclarations, exchangeNames, type ExchangeNames } from './topology.ts';

export interface EventPublisherOptions {
  connection: Connection;
  names?: Partial<ExchangeNames>;
  /**
   * Attempts per message inside rabbitmq-client (reconnects included). The
   * outbox relay keeps 1 and retries through its table, where a retry
   * survives a crash.
   */
  maxAttempts?: number;
  /** Rejects a send that has no confirm by then; the broker may still take it (at least once). */
  timeoutMs?: number;
}

export interface EventPublisher {
  /**
   * Publishes one envelope to the events exchange and resolves when the
   * broker has confirmed it (persisted, for durable queues).
   */
  publish(envelope: Envelope): Promise<void>;
  close(): Promise<void>;
}

/** The AMQP properties every event carries, so consumers can dedupe and route without parsing. */
export function eventProperties(envelope: Envelope) {
  const occurred = Date.parse(envelope.occurredAt);
  return {
    routingKey: envelope.type,
    messageId: envelope.id,
    type: envelope.type,
    durable: true,
    contentType: 'application/json',
    timestamp: Math.floor((Number.isNaN(occurred) ? Date.now() : occurred) / 1000),
  };
}

export function createEventPublisher(options: EventPublisherOptions): EventPublisher {
  const names = exchangeNames(options.names);
  const publisher: Publisher = options.connection.createPublisher({
    confirm: true,
    maxAttempts: options.maxAttempts ?? 1,
    exchanges: exchangeDeclarations(names),
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async publish(envelope) {
      const body = Buffer.from(JSON.stringify(envelope));
      const sent = publisher.send({ exchange: names.exchange, ...eventProperties(envelope) }, body);
      await withTimeout(sent, timeoutMs, `no publisher confirm for ${envelope.id} within ${timeoutMs} ms`);
    },
    close: () => publisher.close(),
  };
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
    // A send that lost the race may still fail later; nobody awaits it any more.
    promise.catch(() => undefined);
  }
}
