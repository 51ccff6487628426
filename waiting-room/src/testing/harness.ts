import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Connection } from 'rabbitmq-client';
import {
  createLogger,
  parseConfig,
  type RedisClient,
  type Envelope,
  type MessageType,
  type MessageTypes,
} from '@ticketing/common';
import { createEventPublisher, type EventPublisher } from '@ticketing/common';
import { parkedQueueName, retryQueueName, type ExchangeNames } from '@ticketing/common';
import { deleteKeysWithPrefix, testAmqpUrl, testRedisUrl, uniqueName } from '@ticketing/common/testing';
import { waitingRoomConfigShape, type WaitingRoomConfig } from '../config.ts';
import { startWaitingRoom, type RunningWaitingRoom } from '../composition.ts';
import { dropKeys } from '../store/keys.ts';
import { createDropsDatabase, type DropsDatabase } from './drops.ts';
import { startFanIdentity, type FanIdentity } from './fan-identity.ts';

/**
 * Everything a waiting-room test file needs, isolated from every other
 * file: its own database, Redis key prefix, exchanges and queue, and an
 * identity provider; instances started through it are closed with it.
 */
export interface Harness {
  prefix: string;
  names: ExchangeNames;
  queue: string;
  database: DropsDatabase;
  identity: FanIdentity;
  /** A direct connection (no proxy, no prefix) for looking at the drop's keys. */
  redis: Redis;
  /** The test's own broker connection, for looking at its queues. */
  rabbit: Connection;
  config(env?: Record<string, string>): WaitingRoomConfig;
  start(env?: Record<string, string>): Promise<RunningWaitingRoom>;
  publish<T extends MessageType>(type: T, data: MessageTypes[T], occurredAt?: Date): Promise<void>;
  close(): Promise<void>;
}

export async function createHarness(label: string): Promise<Harness> {
  const prefix = `${uniqueName(label)}:`;
  const names: ExchangeNames = {
    exchange: uniqueName(`${label}-events`),
    deadLetterExchange: uniqueName(`${label}-dlx`),
  };
  const queue = uniqueName(`${label}-queue`);
  const database = await createDropsDatabase(label);
  const identity = await startFanIdentity();
  const redis = new Redis(testRedisUrl, { lazyConnect: false });
  const rabbit = new Connection({ url: testAmqpUrl, connectionName: `${label}-test` });
  const publisher: EventPublisher = createEventPublisher({ connection: rabbit, names });
  const instances: RunningWaitingRoom[] = [];
  // Every retry queue an instance declared, to delete them all at the end.
  const retryDelays = new Set<number>();

  const config = (env: Record<string, string> = {}) =>
    parseConfig(waitingRoomConfigShape, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      WAITING_ROOM_PORT: '0',
      REDIS_URL: testRedisUrl,
      WAITING_ROOM_REDIS_PREFIX: prefix,
      DATABASE_URL: database.url,
      AMQP_URL: testAmqpUrl,
      EVENTS_EXCHANGE: names.exchange,
      EVENTS_DEAD_LETTER_EXCHANGE: names.deadLetterExchange,
      WAITING_ROOM_QUEUE: queue,
      OIDC_ISSUER: identity.issuer,
      OIDC_AUDIENCE: identity.audience,
      OIDC_JWKS_URL: identity.jwksUri,
      TICK_MS: '50',
      ...env,
    });

  return {
    prefix,
    names,
    queue,
    database,
    identity,
    redis,
    rabbit,
    config,
    async start(env = {}) {
      const parsed = config(env);
      for (const delay of parsed.WAITING_ROOM_RETRY_DELAYS_MS) retryDelays.add(delay);
      const instance = await startWaitingRoom(parsed, {
        host: '127.0.0.1',
        defaultMetrics: false,
        logger: createLogger('waiting-room-test', 'silent'),
      });
      instances.push(instance);
      return instance;
    },
    async publish(type, data, occurredAt = new Date()) {
      const envelope = { id: randomUUID(), type, occurredAt: occurredAt.toISOString(), data } as Envelope;
      await publisher.publish(envelope);
    },
    async close() {
      // Everything below runs even if an instance fails to close, so a
      // failed test leaves no queues, keys or database behind.
      const closed = await Promise.allSettled(instances.map((i) => i.close()));
      await publisher.close();
      for (const name of [queue, parkedQueueName(queue), ...[...retryDelays].map((d) => retryQueueName(queue, d))]) {
        await rabbit.queueDelete({ queue: name }).catch(() => undefined);
      }
      await rabbit.exchangeDelete({ exchange: names.exchange }).catch(() => undefined);
      await rabbit.exchangeDelete({ exchange: names.deadLetterExchange }).catch(() => undefined);
      await rabbit.close();
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
      await identity.close();
      await database.close();
      const failure = closed.find((c) => c.status === 'rejected');
      if (failure) throw failure.reason;
    },
  };
}

export interface DropEvent {
  id: string;
  type: string;
  user: string;
  at: number;
  place?: number;
}

/** The drop's admission event stream, oldest first. */
export async function readDropEvents(redis: RedisClient, prefix: string, dropId: string): Promise<DropEvent[]> {
  const entries = await redis.xrange(dropKeys(prefix, dropId).events, '-', '+');
  return entries.map(([id, flat]) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
    return {
      id,
      type: fields.type ?? '',
      user: fields.user ?? '',
      at: Number(fields.at),
      ...(fields.place !== undefined ? { place: Number(fields.place) } : {}),
    };
  });
}

/** Polls until `check` returns a value (not undefined); the test's own timeout bounds the wait. */
export async function eventually<T>(check: () => Promise<T | undefined>, everyMs = 50): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
