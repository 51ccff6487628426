import {
  createLogger,
  defaultRetryDelaysMs,
  generateAdmissionKey,
  generateTicketSigningKey,
  parseConfig,
  type TicketVerificationKey,
} from '@ticketing/common';
import { createTestDatabase, testAmqpUrl, testRedisUrl } from '@ticketing/common/testing';
import { connectBookingTestDatabase } from '@ticketing/booking/testing';
import { startCatalog, catalogConfigShape } from '@ticketing/catalog';
import { startIdentityProvider } from '@ticketing/identity';
import { notifierConfigShape, startNotifier } from '@ticketing/notifier';
import { startWaitingRoom, waitingRoomConfigShape } from '@ticketing/waiting-room';
import { startBookingStack, type BookingStack } from './booking.ts';
import type { CleanupStack } from './cleanup.ts';
import { deleteRabbitTopology, deleteRedisKeys, isolation } from './isolation.ts';
import { startInbox, type Inbox } from './mail.ts';
import { createJourneySale, type JourneySale } from './sale.ts';

type LogLevel = NonNullable<Parameters<typeof createLogger>[1]>;

export interface Platform {
  /** The identity provider's realm issuer. */
  issuer: string;
  urls: { waitingRoom: string; booking: string; catalog: string };
  sale: JourneySale;
  booking: BookingStack;
  /** The public half of the key booking and the notifier sign ticket codes with. */
  ticketKeys: TicketVerificationKey[];
  /** The kid of the admission key only this run's waiting room holds. */
  admissionKid: string;
  inbox: Inbox;
  /**
   * The private key material this run's services sign with (the ticket key's
   * PEM body lines, the admission key's private JWK member): text that must
   * never appear in a log.
   */
  privateKeys: string[];
}

export interface PlatformOptions {
  /** Every service's log lines go here (at E2E_LOG_LEVEL, or `level`) instead of standard output. */
  logs?: { destination: { write(line: string): unknown }; level?: LogLevel };
}

// Retry delays of the consumers whose delays are configurable: short, so a transient failure does not stall the journey.
const notifierRetryDelaysMs = [200, 1_000, 5_000];
const paymentsRetryDelaysMs = [200, 1_000, 5_000];
// The catalog feeder's own delays (catalog/src/availability/feeder.ts): what is removed if it fails to start.
const catalogRetryDelaysMs = [500, 5_000, 30_000];

/**
 * Every service of the platform, in this process but talking over its real
 * protocols: the development identity provider, the waiting room, the
 * catalog, the notifier (mailing a real SMTP server), and booking's API,
 * sweeper, payments worker and relay. One fresh database with booking's
 * migrations and a small sale; one Redis prefix per service; exchanges and
 * queues of their own. Everything started is registered with `cleanup`.
 */
export async function startPlatform(
  label: string,
  cleanup: CleanupStack,
  options: PlatformOptions = {},
): Promise<Platform> {
  // E2E_LOG_LEVEL=debug shows every service's log when a run needs explaining.
  const level = options.logs?.level ?? ((process.env.E2E_LOG_LEVEL ?? 'silent') as LogLevel);
  const logger = (service: string) => createLogger(service, level, options.logs?.destination);
  const names = isolation(label);

  const db = await createTestDatabase(label);
  cleanup.add('database', () => db.drop());
  cleanup.add('redis keys', () => deleteRedisKeys(names.redisBase));
  // Registered before the services, so it runs after they have all closed; each queue goes with its retry queues.
  const consumerQueues: Record<keyof typeof names.queues, { queue: string; retryDelaysMs: readonly number[] }> = {
    // The waiting room's consumer keeps the queue factory's default delays.
    waitingRoom: { queue: names.queues.waitingRoom, retryDelaysMs: defaultRetryDelaysMs },
    catalog: { queue: names.queues.catalog, retryDelaysMs: catalogRetryDelaysMs },
    notifier: { queue: names.queues.notifier, retryDelaysMs: notifierRetryDelaysMs },
    payments: { queue: names.queues.payments, retryDelaysMs: paymentsRetryDelaysMs },
  };
  cleanup.add('rabbitmq topology', () => deleteRabbitTopology(names.exchanges, Object.values(consumerQueues)));

  // Booking's schema and the sale, before any service reads them.
  const setup = await connectBookingTestDatabase(db.url, { migrate: true });
  let sale: JourneySale;
  try {
    sale = await createJourneySale(setup.sql());
  } finally {
    await setup.close();
  }

  const identity = await startIdentityProvider({ env: 'test', logger: logger('identity') });
  cleanup.add('identity provider', () => identity.close());
  const ticketKey = generateTicketSigningKey();
  const ticketKeyPem = ticketKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const admissionKey = await generateAdmissionKey(`e2e-${sale.drop.id.slice(0, 8)}`);
  const messaging = {
    AMQP_URL: testAmqpUrl,
    EVENTS_EXCHANGE: names.exchanges.exchange,
    EVENTS_DEAD_LETTER_EXCHANGE: names.exchanges.deadLetterExchange,
  };
  const common = { NODE_ENV: 'test', LOG_LEVEL: level, DATABASE_URL: db.url, REDIS_URL: testRedisUrl, ...messaging };

  const waitingRoom = await startWaitingRoom(
    parseConfig(waitingRoomConfigShape, {
      ...common,
      WAITING_ROOM_PORT: '0',
      WAITING_ROOM_REDIS_PREFIX: names.prefixes.waitingRoom,
      WAITING_ROOM_QUEUE: names.queues.waitingRoom,
      OIDC_ISSUER: identity.issuer,
      ADMISSION_SIGNING_KEYS: JSON.stringify({ keys: [admissionKey.privateJwk] }),
      TICK_MS: '100',
    }),
    { host: '127.0.0.1', defaultMetrics: false, logger: logger('waiting-room') },
  );
  cleanup.add('waiting room', () => waitingRoom.close());

  const catalog = await startCatalog(
    parseConfig(catalogConfigShape, {
      ...common,
      CATALOG_PORT: '0',
      CATALOG_PG_POOL_SIZE: '3',
      CATALOG_REDIS_PREFIX: names.prefixes.catalog,
      CATALOG_QUEUE: names.queues.catalog,
      OIDC_ISSUER: identity.issuer,
    }),
    logger('catalog'),
    '127.0.0.1',
  );
  cleanup.add('catalog', () => catalog.close());
  const feederTopology = catalog.feeder?.consumer.topology;
  if (feederTopology) {
    consumerQueues.catalog.retryDelaysMs = feederTopology.retryQueues.map((retry) => retry.delayMs);
  }
  await catalog.feeder?.warmed;

  const inbox = await startInbox(cleanup);
  const notifier = await startNotifier(
    parseConfig(notifierConfigShape, {
      ...common,
      NOTIFIER_PORT: '0',
      SMTP_URL: inbox.smtpUrl,
      NOTIFIER_REDIS_PREFIX: names.prefixes.notifier,
      REMINDERS_REDIS_PREFIX: names.prefixes.catalog,
      NOTIFIER_QUEUE: names.queues.notifier,
      NOTIFIER_RETRY_DELAYS_MS: notifierRetryDelaysMs.join(','),
      TICKET_SIGNING_KEY: ticketKeyPem,
      REMINDER_SCAN_MS: '3600000',
    }),
    logger('notifier'),
    '127.0.0.1',
  );
  cleanup.add('notifier', () => notifier.close());

  const booking = await startBookingStack(
    {
      databaseUrl: db.url,
      issuer: identity.issuer,
      admissionJwksUrl: `${waitingRoom.url}/.well-known/jwks.json`,
      ticketSigningKey: ticketKeyPem,
      exchanges: names.exchanges,
      paymentsQueue: names.queues.payments,
      paymentsRetryDelaysMs,
      logger: logger('booking'),
    },
    cleanup,
  );

  return {
    issuer: identity.issuer,
    urls: { waitingRoom: waitingRoom.url, booking: booking.url, catalog: catalog.server.url },
    sale,
    booking,
    ticketKeys: [{ keyId: ticketKey.keyId, publicKey: ticketKey.publicKey }],
    admissionKid: admissionKey.kid,
    inbox,
    privateKeys: [
      ...ticketKeyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----')),
      admissionKey.privateJwk.d ?? '',
    ].filter((text) => text.length >= 16),
  };
}
