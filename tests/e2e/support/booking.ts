import {
  createAdmissionVerifier,
  createMetrics,
  createPgPool,
  createRabbit,
  createTokenVerifier,
  listen,
  type ExchangeNames,
  type Logger,
} from '@ticketing/common';
import { testAmqpUrl } from '@ticketing/common/testing/database';
import { createBookingApp } from '@ticketing/booking/app';
import { parseBookingConfig } from '@ticketing/booking/config';
import { createOrm, type MikroORM } from '@ticketing/booking/db/orm';
import { startSweeper } from '@ticketing/booking/holds/sweep';
import { startInventoryPublisher } from '@ticketing/booking/inventory/publish';
import { startRelay } from '@ticketing/booking/outbox/relay';
import { createOutboxWake } from '@ticketing/booking/outbox/wake';
import { createPaymentGateways } from '@ticketing/booking/payments/config';
import { startPaymentsWorker } from '@ticketing/booking/payments/worker';
import type { CleanupStack } from './cleanup.ts';

export interface BookingStackOptions {
  databaseUrl: string;
  /** The identity provider's issuer; the API fetches its JWKS from the realm's certs endpoint. */
  issuer: string;
  /** The waiting room's real key set. */
  admissionJwksUrl: string;
  /** PKCS#8 PEM, shared with the notifier so mailed QR codes match the ones booking shows. */
  ticketSigningKey: string;
  exchanges: ExchangeNames;
  paymentsQueue: string;
  paymentsRetryDelaysMs: readonly number[];
  logger: Logger;
}

export interface BookingStack {
  url: string;
  /** The API's ORM, for reading rows the journey does not expose over HTTP. */
  orm: MikroORM;
}

/**
 * Booking's four process roles, each wired as its entry file wires it, in
 * this process: the HTTP API, the sweeper with the inventory publisher, the
 * payments worker and the outbox relay (LISTEN/NOTIFY, publisher confirms).
 * Each role has its own connections, as separate processes would.
 */
export async function startBookingStack(options: BookingStackOptions, cleanup: CleanupStack): Promise<BookingStack> {
  const { logger } = options;
  const config = parseBookingConfig({
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: '5',
    OIDC_ISSUER: options.issuer,
    OIDC_AUDIENCE: 'ticketing-api',
    ADMISSION_JWKS_URL: options.admissionJwksUrl,
    TICKET_SIGNING_KEY: options.ticketSigningKey,
  });

  // The HTTP API (booking/src/main.ts).
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL, poolSize: 5, logger, applicationName: 'booking' });
  cleanup.add('booking orm', () => orm.close());
  const outboxWake = createOutboxWake((sql) => orm.em.fork().execute(sql), logger);
  cleanup.add('booking outbox wake', () => outboxWake.close());
  const { app } = createBookingApp({
    config,
    logger,
    orm,
    metrics: createMetrics('booking', { defaults: false }),
    authenticator: createTokenVerifier({
      issuer: config.OIDC_ISSUER,
      audience: config.OIDC_AUDIENCE,
      jwksUri: config.OIDC_JWKS_URL,
    }),
    admission: createAdmissionVerifier({ jwksUri: config.ADMISSION_JWKS_URL }),
    outboxWake,
  });
  const server = await listen(app, 0, '127.0.0.1');
  cleanup.add('booking http', () => server.close(1_000));

  // The sweeper process (booking/src/sweeper.ts): expired holds and drop inventory.
  const sweeperOrm = await createOrm({ databaseUrl: config.DATABASE_URL, poolSize: 2, logger });
  cleanup.add('sweeper orm', () => sweeperOrm.close());
  const inventory = startInventoryPublisher(sweeperOrm.em, logger, { intervalMs: config.INVENTORY_INTERVAL_MS });
  cleanup.add('inventory publisher', () => inventory.stop());
  const sweeper = startSweeper(sweeperOrm.em, logger, {
    intervalMs: config.SWEEPER_INTERVAL_MS,
    batchSize: config.SWEEPER_BATCH_SIZE,
    onReleased: () => inventory.publishNow(),
  });
  cleanup.add('sweeper', () => sweeper.stop());

  // The payments worker (booking/src/payments-worker.ts), on the development gateway.
  const paymentsOrm = await createOrm({ databaseUrl: config.DATABASE_URL, poolSize: 2, logger });
  cleanup.add('payments orm', () => paymentsOrm.close());
  const paymentsRabbit = createRabbit(testAmqpUrl, logger, 'booking-payments');
  cleanup.add('payments rabbitmq', () => paymentsRabbit.close());
  const payments = await startPaymentsWorker({
    connection: paymentsRabbit,
    orm: paymentsOrm,
    gateway: createPaymentGateways(config).gateway,
    logger,
    metrics: createMetrics('booking-payments', { defaults: false }),
    queue: options.paymentsQueue,
    names: options.exchanges,
    retryDelaysMs: options.paymentsRetryDelaysMs,
  });
  cleanup.add('payments worker', () => payments.close());

  // The outbox relay (booking/src/relay.ts), started last: every consumer queue is bound by now.
  const relayPool = createPgPool(
    { connectionString: config.DATABASE_URL, max: 3, applicationName: 'booking-relay' },
    logger,
  );
  cleanup.add('relay pool', () => relayPool.end());
  const relayRabbit = createRabbit(testAmqpUrl, logger, 'booking-relay');
  cleanup.add('relay rabbitmq', () => relayRabbit.close());
  const relay = startRelay({
    db: relayPool,
    connection: relayRabbit,
    listenUrl: config.DATABASE_URL,
    names: options.exchanges,
    batchSize: 100,
    pollMs: 1_000,
    leaseMs: 30_000,
    logger,
    metrics: createMetrics('booking-relay', { defaults: false }),
  });
  cleanup.add('relay', () => relay.stop());

  return { url: server.url, orm };
}
