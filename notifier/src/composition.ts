import {
  closeInReverse,
  closeRedis,
  createApp,
  createConsumer,
  createEventPublisher,
  createMetrics,
  createPgPool,
  createRabbit,
  createRedis,
  createReminderStore,
  exchangeNamesOf,
  listen,
  loadTicketSigningKey,
  pingPostgres,
  pingRabbit,
  pingRedis,
  type Closeable,
  type Logger,
  type QueueConsumer,
  type RunningServer,
} from '@ticketing/common';
import type { NotifierConfig } from './config.ts';
import { notifierHandlers } from './consumers/index.ts';
import { createRedisDedupe } from './dedupe.ts';
import { createMailer } from './mail/mailer.ts';
import { createRenderer } from './mail/render.ts';
import { createSentOnce } from './mail/sent-once.ts';
import { startReminderScheduler } from './reminders/scheduler.ts';

export interface RunningNotifier {
  server: RunningServer;
  consumer: QueueConsumer;
  scheduler: ReturnType<typeof startReminderScheduler>;
  resources: Closeable[];
  close(): Promise<void>;
}

/**
 * The notifier: one queue with a handler per message type, mails sent once
 * per message and recipient, and health, readiness and metrics over HTTP.
 */
export async function startNotifier(
  config: NotifierConfig,
  logger: Logger,
  host = '0.0.0.0',
): Promise<RunningNotifier> {
  const ticketKey = loadTicketSigningKey(config.TICKET_SIGNING_KEY);
  const render = createRenderer();
  const metrics = createMetrics('notifier', { defaults: config.NODE_ENV !== 'test' });
  const pool = createPgPool({ connectionString: config.DATABASE_URL, max: 4, applicationName: 'notifier' }, logger);
  const redis = createRedis(
    {
      url: config.REDIS_URL,
      clusterNodes: config.REDIS_CLUSTER_NODES,
      keyPrefix: config.NOTIFIER_REDIS_PREFIX,
      name: 'notifier',
    },
    logger,
  );
  const reminderRedis = createRedis(
    {
      url: config.REDIS_URL,
      clusterNodes: config.REDIS_CLUSTER_NODES,
      keyPrefix: config.REMINDERS_REDIS_PREFIX,
      name: 'notifier-reminders',
    },
    logger,
  );
  const rabbit = createRabbit(config.AMQP_URL, logger, 'notifier');
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
  const names = exchangeNamesOf(config);

  const consumer = await createConsumer({
    connection: rabbit,
    queue: config.NOTIFIER_QUEUE,
    names,
    handlers: notifierHandlers({
      pool,
      sentOnce: createSentOnce(redis, mailer, config.NOTIFIER_DEDUPE_TTL_SECONDS, config.NOTIFIER_SEND_LEASE_MS),
      render,
      ticketKey,
      reminders: createReminderStore(reminderRedis),
      siteUrl: config.SITE_URL,
      logger,
    }),
    retry: { delaysMs: config.NOTIFIER_RETRY_DELAYS_MS },
    concurrency: config.NOTIFIER_CONCURRENCY,
    dedupe: createRedisDedupe(redis, config.NOTIFIER_DEDUPE_TTL_SECONDS),
    // A mail parked while PostgreSQL, Redis or SMTP was away goes back once all three answer.
    redrive: {
      ready: () => Promise.all([pingPostgres(pool), pingRedis(redis), pingRedis(reminderRedis), mailer.verify()]),
      intervalMs: config.NOTIFIER_REDRIVE_MS,
    },
    logger,
    metrics,
  });
  const publisher = createEventPublisher({ connection: rabbit, names });
  const scheduler = startReminderScheduler({
    pool,
    redis,
    publisher,
    logger,
    leadMinutes: config.REMINDER_LEAD_MINUTES,
    intervalMs: config.REMINDER_SCAN_MS,
  });

  const { app } = createApp({
    service: 'notifier',
    logger,
    metrics,
    readiness: {
      postgres: () => pingPostgres(pool),
      redis: () => pingRedis(redis),
      rabbitmq: () => pingRabbit(rabbit),
      smtp: () => mailer.verify(),
    },
  });
  const server = await listen(app, config.NOTIFIER_PORT, host);

  const resources: Closeable[] = [
    { name: 'postgres', close: () => pool.end() },
    { name: 'redis', close: () => closeRedis(redis) },
    { name: 'redis-reminders', close: () => closeRedis(reminderRedis) },
    { name: 'rabbitmq', close: () => rabbit.close() },
    { name: 'smtp', close: async () => mailer.close() },
    { name: 'publisher', close: () => publisher.close() },
    { name: 'scheduler', close: () => scheduler.close() },
    { name: 'consumer', close: () => consumer.close() },
    { name: 'http', close: () => server.close() },
  ];
  return {
    server,
    consumer,
    scheduler,
    resources,
    close: () => closeInReverse(resources),
  };
}
