import {
  createLogger,
  createRabbit,
  createRedis,
  deleteQueueTopology,
  queueTopology,
  type ExchangeNames,
} from '@ticketing/common';
import { deleteKeysWithPrefix, testAmqpUrl, testRedisUrl, uniqueName } from '@ticketing/common/testing';

/**
 * The names that keep one run of the platform apart from every other test:
 * a Redis key prefix per service under one base, and its own exchanges and
 * consumer queues, so nothing touches the shared `ticketing.events`.
 */
export interface Isolation {
  /** Every Redis key of the run starts with this. */
  redisBase: string;
  prefixes: { waitingRoom: string; catalog: string; notifier: string };
  exchanges: ExchangeNames;
  queues: { waitingRoom: string; catalog: string; notifier: string; payments: string };
}

export function isolation(label: string): Isolation {
  const base = uniqueName(label);
  return {
    redisBase: `${base}:`,
    prefixes: { waitingRoom: `${base}:wr:`, catalog: `${base}:catalog:`, notifier: `${base}:notifier:` },
    exchanges: { exchange: `${base}.events`, deadLetterExchange: `${base}.dlx` },
    queues: {
      waitingRoom: `${base}.waiting-room`,
      catalog: `${base}.catalog`,
      notifier: `${base}.notifier`,
      payments: `${base}.payments`,
    },
  };
}

const quiet = createLogger('e2e-cleanup', 'silent');

/** Deletes every key under the run's base prefix. */
export async function deleteRedisKeys(base: string): Promise<void> {
  const redis = createRedis({ url: testRedisUrl, name: 'e2e-cleanup' }, quiet);
  try {
    await deleteKeysWithPrefix(redis, base);
  } finally {
    redis.disconnect();
  }
}

/** Deletes consumer queues (each with its retry and parked queues) and then the run's exchanges. */
export async function deleteRabbitTopology(
  exchanges: ExchangeNames,
  queues: ReadonlyArray<{ queue: string; retryDelaysMs: readonly number[] }>,
): Promise<void> {
  const connection = createRabbit(testAmqpUrl, quiet, 'e2e-cleanup');
  try {
    for (const { queue, retryDelaysMs } of queues) {
      await deleteQueueTopology(connection, queueTopology(queue, [], retryDelaysMs, exchanges));
    }
    await connection.exchangeDelete({ exchange: exchanges.exchange });
    await connection.exchangeDelete({ exchange: exchanges.deadLetterExchange });
  } finally {
    await connection.close();
  }
}
