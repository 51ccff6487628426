import { z } from 'zod';
import {
  baseConfig,
  messagingConfig,
  devSecret,
  port,
  redisClusterNodes,
  url,
  instanceScoped,
} from '@ticketing/common';

// The development ticket key booking signs with, so QR codes in development mails scan at the development gate.
const developmentTicketKey =
  '-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIJJrB2yLZt8CKzt/+U3egdtVH6QKYM9etlXtrubtshd+\\n-----END PRIVATE KEY-----';

const delays = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'comma-separated milliseconds')
  .transform((v) => v.split(',').map(Number))
  .refine((list) => list.every((n) => n > 0), 'every delay must be positive');

/** The notifier's variables; see common/src/config.ts for how they are read. */
export const notifierConfigShape = {
  ...baseConfig,
  // port of the health, readiness and metrics endpoints
  NOTIFIER_PORT: port(4006),
  // SMTP server the mails go to (smtp:// or smtps://, credentials in the URL if any)
  SMTP_URL: url('smtp://127.0.0.1:1025'),
  // sender of every mail
  MAIL_FROM: z.string().min(3).default('Ticketing <tickets@ticketing.local>'),
  // public address of the site, for the "my tickets" link
  SITE_URL: instanceScoped(url('http://localhost:4321')),
  // PostgreSQL, read-only: orders, events, seats and prices the mails describe
  DATABASE_URL: instanceScoped(url('postgres://postgres@127.0.0.1:5432/ticketing')),
  // Redis for the sent-mail records that make every mail go out once
  REDIS_URL: url('redis://127.0.0.1:6379'),
  // Redis Cluster mode: comma-separated host:port of some of its nodes (REDIS_URL then only lends its password)
  REDIS_CLUSTER_NODES: redisClusterNodes,
  // prepended to every notifier key
  NOTIFIER_REDIS_PREFIX: instanceScoped(z.string().default('notifier:')),
  // prefix of the catalog's keys, where fans' reminder requests are kept
  REMINDERS_REDIS_PREFIX: instanceScoped(z.string().default('catalog:')),
  // RabbitMQ and the exchanges booking publishes to (AMQP_URL, EVENTS_EXCHANGE, EVENTS_DEAD_LETTER_EXCHANGE)
  ...messagingConfig,
  // the notifier's queue (its retry queues and parked queue are named after it)
  NOTIFIER_QUEUE: instanceScoped(z.string().min(1).default('notifier.emails')),
  // delay before each retry of a failed mail, in ms; after the last one the message is parked
  NOTIFIER_RETRY_DELAYS_MS: delays.default([5_000, 30_000, 120_000, 600_000]),
  // how long a mail being sent is leased; a process that dies mid-send leaves a lease that expires after this
  NOTIFIER_SEND_LEASE_MS: z.coerce.number().int().positive().default(30_000),
  // how often parked mails are put back on the queue while PostgreSQL, Redis and SMTP answer
  NOTIFIER_REDRIVE_MS: z.coerce.number().int().positive().default(30_000),
  // mails being sent at once
  NOTIFIER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  // how long a sent mail is remembered, so a redelivered message sends nothing (seconds)
  NOTIFIER_DEDUPE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(14 * 86_400),
  // Ed25519 private key signing ticket QR codes; must be booking's (PKCS#8 PEM with \n escapes, or a private JWK)
  TICKET_SIGNING_KEY: devSecret(developmentTicketKey),
  // minutes before a drop opens that fans who asked are reminded
  REMINDER_LEAD_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
  // how often the reminder scheduler looks for drops about to open (ms)
  REMINDER_SCAN_MS: z.coerce.number().int().min(1_000).default(60_000),
};

export type NotifierConfig = z.infer<z.ZodObject<typeof notifierConfigShape>>;
