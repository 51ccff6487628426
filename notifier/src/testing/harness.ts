import pg from 'pg';
import { Redis } from 'ioredis';
import type { Connection } from 'rabbitmq-client';
import {
  createEventPublisher,
  createLogger,
  createRabbit,
  deleteQueueTopology,
  generateTicketSigningKey,
  parseConfig,
  queueTopology,
  type Envelope,
  type EventPublisher,
  type TicketSigningKey,
} from '@ticketing/common';
import {
  createTestDatabase,
  startTcpProxy,
  testAmqpUrl,
  testRedisUrl,
  uniqueName,
  type TcpProxy,
} from '@ticketing/common/testing';
import { migrateTestDatabase } from '@ticketing/booking/testing';
import { startMailCatcher, type MailCatcher } from '../catcher/app.ts';
import type { CaughtMail } from '../catcher/store.ts';
import type { CatcherSmtpOptions } from '../catcher/smtp.ts';
import { notifierConfigShape, type NotifierConfig } from '../config.ts';
import { startNotifier, type RunningNotifier } from '../composition.ts';

export interface NotifierHarness {
  config: NotifierConfig;
  /** The variables `config` was parsed from, for a notifier started as a process of its own. */
  env: Record<string, string>;
  pool: pg.Pool;
  ticketKey: TicketSigningKey;
  notifier: RunningNotifier;
  /** The SMTP server the notifier sends to, behind a proxy the test can cut. */
  catcher: MailCatcher;
  smtpProxy: TcpProxy;
  rabbit: Connection;
  /** Redis on the prefix fans' reminder requests live under. */
  reminderRedis: Redis;
  publish(envelope: Envelope): Promise<void>;
  /** Publishes bytes as they are, as a broken publisher might. */
  publishRaw(routingKey: string, body: string, contentType: string): Promise<void>;
  mailsTo(address: string): CaughtMail[];
  /** Stops the in-process notifier (its queues stay), for a test that runs notifier processes itself. */
  stopNotifier(): Promise<void>;
  /** A counter of the notifier's queue, summed over message types. */
  metric(name: string): Promise<number>;
  close(): Promise<void>;
}

export async function startNotifierHarness(
  label: string,
  options: { catcher?: CatcherSmtpOptions } = {},
): Promise<NotifierHarness> {
  const db = await createTestDatabase(label);
  await migrateTestDatabase(db.url);
  const logger = createLogger(label, 'silent');
  const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, logger, smtp: options.catcher });
  const smtpProxy = await startTcpProxy(catcher.smtp.port);
  const ticketKey = generateTicketSigningKey();
  const name = uniqueName(label);
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    NOTIFIER_PORT: '0',
    SMTP_URL: `smtp://127.0.0.1:${smtpProxy.port}`,
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl,
    NOTIFIER_REDIS_PREFIX: `${name}:n:`,
    REMINDERS_REDIS_PREFIX: `${name}:c:`,
    AMQP_URL: testAmqpUrl,
    EVENTS_EXCHANGE: `${name}.events`,
    EVENTS_DEAD_LETTER_EXCHANGE: `${name}.dlx`,
    NOTIFIER_QUEUE: `${name}.emails`,
    // Short delays, and enough of them that an outage staged by a test spans a few retries.
    NOTIFIER_RETRY_DELAYS_MS: '100,150,200,250,300,350,400,450',
    TICKET_SIGNING_KEY: ticketKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    REMINDER_SCAN_MS: '3600000',
  };
  const config = parseConfig(notifierConfigShape, env);
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  const notifier = await startNotifier(config, logger, '127.0.0.1');
  const rabbit = createRabbit(testAmqpUrl, logger, `${label}-test`);
  const names = { exchange: config.EVENTS_EXCHANGE, deadLetterExchange: config.EVENTS_DEAD_LETTER_EXCHANGE };
  const publisher: EventPublisher = createEventPublisher({ connection: rabbit, names });
  const raw = rabbit.createPublisher({ confirm: true });
  const reminderRedis = new Redis(testRedisUrl, { keyPrefix: config.REMINDERS_REDIS_PREFIX });

  let stopped: Promise<void> | undefined;
  const stopNotifier = () => (stopped ??= notifier.close());
  return {
    config,
    env,
    stopNotifier,
    pool,
    ticketKey,
    notifier,
    catcher,
    smtpProxy,
    rabbit,
    reminderRedis,
    publish: (envelope) => publisher.publish(envelope),
    async publishRaw(routingKey, body, contentType) {
      await raw.send({ exchange: config.EVENTS_EXCHANGE, routingKey, contentType, durable: true }, Buffer.from(body));
    },
    mailsTo: (address) => catcher.store.list().filter((m) => m.envelopeTo.includes(address)),
    async metric(metricName) {
      const text = await (await fetch(`${notifier.server.url}/metrics`)).text();
      return text
        .split('\n')
        .filter((l) => l.startsWith(`${metricName}{`) && l.includes(`queue="${config.NOTIFIER_QUEUE}"`))
        .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    },
    async close() {
      await stopNotifier();
      await publisher.close();
      await raw.close();
      await deleteQueueTopology(
        rabbit,
        queueTopology(config.NOTIFIER_QUEUE, [], config.NOTIFIER_RETRY_DELAYS_MS, names),
      );
      await rabbit.exchangeDelete({ exchange: names.exchange });
      await rabbit.exchangeDelete({ exchange: names.deadLetterExchange });
      await rabbit.close();
      const cleaner = new Redis(testRedisUrl);
      const keys = await cleaner.keys(`${name}:*`);
      if (keys.length > 0) await cleaner.del(...keys);
      cleaner.disconnect();
      reminderRedis.disconnect();
      await smtpProxy.close();
      await catcher.close();
      await pool.end();
      await db.drop();
    },
  };
}

/** Polls until `check` passes (bounded), then returns the last value read. */
export async function eventually<T>(
  read: () => T | Promise<T>,
  check: (value: T) => boolean,
  attempts = 300,
): Promise<T> {
  let value = await read();
  for (let i = 0; i < attempts && !check(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}
