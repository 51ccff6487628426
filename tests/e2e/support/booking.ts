import { createAdmissionVerifier, createTokenVerifier, type ExchangeNames, type Logger } from '@ticketing/common';
import { testAmqpUrl } from '@ticketing/common/testing';
import {
  parseBookingConfig,
  parseRelayConfig,
  startBookingApi,
  startBookingPaymentsWorker,
  startBookingRelay,
  startBookingSweeper,
} from '@ticketing/booking/processes';
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
}

/**
 * Booking's four process roles, each started by the starter its entry file
 * calls, in this process: the HTTP API, the sweeper with the inventory
 * publisher, the payments worker and the outbox relay (LISTEN/NOTIFY,
 * publisher confirms). Each role has its own connections, as separate
 * processes would.
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
    SHUTDOWN_DRAIN_MS: '1000',
  });

  // The HTTP API (booking/src/main.ts), verifying every token against the issuer's JWKS.
  const api = await startBookingApi(config, logger, {
    host: '127.0.0.1',
    port: 0,
    defaultMetrics: false,
    authenticator: createTokenVerifier({
      issuer: config.OIDC_ISSUER,
      audience: config.OIDC_AUDIENCE,
      jwksUri: config.OIDC_JWKS_URL,
    }),
    admission: createAdmissionVerifier({ jwksUri: config.ADMISSION_JWKS_URL }),
  });
  cleanup.add('booking api', () => api.close());

  // The sweeper process (booking/src/sweeper.ts): expired holds and drop inventory.
  const sweeper = await startBookingSweeper(config, logger);
  cleanup.add('sweeper', () => sweeper.close());

  // The payments worker (booking/src/payments-worker.ts), on the development gateway.
  const payments = await startBookingPaymentsWorker(config, logger, {
    amqpUrl: testAmqpUrl,
    names: options.exchanges,
    queue: options.paymentsQueue,
    retryDelaysMs: options.paymentsRetryDelaysMs,
    port: 0,
    host: '127.0.0.1',
    defaultMetrics: false,
  });
  cleanup.add('payments worker', () => payments.close());

  // The outbox relay (booking/src/relay.ts), started last: every consumer queue is bound by now.
  const relay = await startBookingRelay(
    parseRelayConfig({
      NODE_ENV: 'test',
      DATABASE_URL: config.DATABASE_URL,
      AMQP_URL: testAmqpUrl,
      EVENTS_EXCHANGE: options.exchanges.exchange,
      EVENTS_DEAD_LETTER_EXCHANGE: options.exchanges.deadLetterExchange,
    }),
    logger,
    { host: '127.0.0.1', port: 0, defaultMetrics: false },
  );
  cleanup.add('relay', () => relay.close());

  return { url: api.server.url };
}
