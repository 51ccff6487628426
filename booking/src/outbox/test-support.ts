import { createHash } from 'node:crypto';
import { Connection, type Consumer } from 'rabbitmq-client';
import { createLogger, createPgPool, declareTopology, type ExchangeNames } from '@ticketing/common';
import { createTestDatabase, testAmqpUrl, uniqueName, type TestDatabase } from '@ticketing/common/testing';
import { createDatabase } from '../db/database.ts';
import { createOrm, migrate, type MikroORM } from '../db/orm.ts';
import { enqueue } from './enqueue.ts';

/* Helpers shared by the relay test files: a migrated database, a broker with its own exchanges, and a queue that records what arrives. */

export const silentLogger = createLogger('relay-test', 'silent');

export interface Received {
  messageId: string | undefined;
  type: string | undefined;
  routingKey: string;
  durable: boolean;
  contentType: string | undefined;
  timestamp: number | undefined;
  body: { id: string; type: string; data: { dropId: string; version: number } };
}

export interface OutboxRow {
  id: string;
  message_id: string;
  published_at: Date | null;
  claimed_until: Date | null;
  available_at: Date;
  attempts: number;
  last_error: string | null;
}

export interface RelayTestEnv {
  db: TestDatabase;
  orm: MikroORM;
  pool: ReturnType<typeof createPgPool>;
  connection: Connection;
  names: ExchangeNames;
  received: Received[];
  /** Writes drop.changed events, one transaction per inner array. */
  enqueueDrops(transactions: Array<Array<{ dropId: string; version: number }>>): Promise<string[]>;
  rows(): Promise<OutboxRow[]>;
  distinctReceived(): Set<string>;
  close(): Promise<void>;
}

/**
 * The relay tests name drops with short labels; the message contract wants
 * uuids. Each label maps to a fixed uuid on the way out and back on receipt.
 */
const labels = new Map<string, string>();
function dropUuid(label: string): string {
  const hex = createHash('sha256').update(label).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  labels.set(id, label);
  return id;
}
const testEventId = dropUuid('event-1');

export function amqpConnection(url = testAmqpUrl): Connection {
  const connection = new Connection({ url, retryLow: 50, retryHigh: 300, acquireTimeout: 5_000 });
  connection.on('error', () => undefined);
  return connection;
}

export async function startRelayTestEnv(label: string): Promise<RelayTestEnv> {
  const db = await createTestDatabase(label);
  const orm = await createOrm({ databaseUrl: db.url, logger: silentLogger, poolSize: 4 });
  await migrate(orm);
  const database = createDatabase(orm, silentLogger);
  const pool = createPgPool({ connectionString: db.url, max: 4 }, silentLogger);
  const connection = amqpConnection();
  const names = await declareTopology(connection, {
    exchange: uniqueName(`${label}.events`),
    deadLetterExchange: uniqueName(`${label}.dlx`),
  });
  // Bound before anything is published: the topic exchange keeps nothing for absent queues.
  const queue = uniqueName(`${label}.received`);
  await connection.queueDeclare({ queue, durable: false });
  await connection.queueBind({ queue, exchange: names.exchange, routingKey: '#' });
  const received: Received[] = [];
  const consumer: Consumer = connection.createConsumer({ queue, qos: { prefetchCount: 100 } }, (msg) => {
    received.push({
      messageId: msg.messageId,
      type: msg.type,
      routingKey: msg.routingKey,
      durable: msg.durable === true,
      contentType: msg.contentType,
      timestamp: msg.timestamp,
      body: withLabel(msg.body as Received['body']),
    });
  });
  consumer.on('error', () => undefined);

  return {
    db,
    orm,
    pool,
    connection,
    names,
    received,
    async enqueueDrops(transactions) {
      const ids: string[] = [];
      for (const events of transactions) {
        await database.transaction(async (sql) => {
          for (const { dropId, version } of events) {
            ids.push(await enqueue(sql, 'drop.changed', { dropId: dropUuid(dropId), eventId: testEventId, version }));
          }
        });
      }
      return ids;
    },
    async rows() {
      const { rows } = await pool.query<OutboxRow>(
        `SELECT id::text, message_id::text, published_at, claimed_until, available_at, attempts, last_error
           FROM outbox ORDER BY id`,
      );
      return rows;
    },
    distinctReceived() {
      return new Set(received.map((r) => r.messageId ?? ''));
    },
    async close() {
      await consumer.close();
      await connection.queueDelete({ queue });
      await connection.exchangeDelete({ exchange: names.exchange });
      await connection.exchangeDelete({ exchange: names.deadLetterExchange });
      await connection.close();
      await pool.end();
      await database.close();
      await orm.close();
      await db.drop();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a condition without asserting how long it took (the test timeout bounds it). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, attempts = 1_000) {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return;
    await sleep(25);
  }
  throw new Error(`gave up waiting for ${what}`);
}

function withLabel(body: Received['body']): Received['body'] {
  const label = labels.get(body.data.dropId);
  return label === undefined ? body : { ...body, data: { ...body.data, dropId: label } };
}
