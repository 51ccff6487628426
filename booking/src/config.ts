import { z } from 'zod';
import { baseConfig, flag, loadConfig, parseConfig, port, url, instanceScoped } from '@ticketing/common';
import { paymentConfigShape } from './payments/config.ts';
import { ticketConfigShape } from './tickets/signing.ts';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every variable the booking processes (HTTP, sweeper, migrate) read. */
export const bookingConfigShape = {
  ...baseConfig,
  // HTTP port of the booking API; 0 picks a free one (tests, benchmarks)
  BOOKING_PORT: port(4002),
  // interface the booking API listens on
  BOOKING_HOST: z.string().min(1).default('0.0.0.0'),
  // trust X-Forwarded-* headers (behind the load balancer)
  BOOKING_TRUST_PROXY: flag(false),
  // apply pending migrations when the HTTP process starts (development; deployments run `npm run migrate`)
  BOOKING_MIGRATE: flag(false),
  // also run the hold sweeper inside the HTTP process (development convenience)
  BOOKING_RUN_SWEEPER: flag(false),
  // PostgreSQL, the source of truth for seats, holds, orders and tickets
  DATABASE_URL: instanceScoped(url('postgres://postgres@127.0.0.1:5432/ticketing')),
  // connections per booking process
  DATABASE_POOL_SIZE: positiveInt(10),
  // OpenID Connect issuer whose access tokens the API accepts
  OIDC_ISSUER: instanceScoped(url('http://localhost:4005/realms/ticketing')),
  // audience the access tokens must carry
  OIDC_AUDIENCE: z.string().min(1).default('ticketing-api'),
  // the issuer's key set; defaults to Keycloak's certs endpoint under the issuer
  OIDC_JWKS_URL: z.url().optional(),
  // the waiting room's public keys for admission tokens
  ADMISSION_JWKS_URL: instanceScoped(url('http://localhost:4001/.well-known/jwks.json')),
  // longest any booking statement waits for a lock (a seat, a hold, an order) before answering 503 busy
  DATABASE_LOCK_TIMEOUT_MS: positiveInt(2_000),
  // longest any one statement may run on the server before it is cancelled (a 503 busy)
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt(10_000),
  // how long a health ping of PostgreSQL may go unanswered before requests fail fast with 503 database_unavailable
  DATABASE_ANSWER_TIMEOUT_MS: positiveInt(1_000),
  // how often the sweeper looks for expired holds
  SWEEPER_INTERVAL_MS: positiveInt(1_000),
  // expired holds released per sweeper transaction
  SWEEPER_BATCH_SIZE: positiveInt(200),
  // how often the sweeper process recounts open drops and publishes drop.inventory when the numbers moved
  INVENTORY_INTERVAL_MS: positiveInt(250),
  // how long in-flight requests may finish on shutdown
  SHUTDOWN_DRAIN_MS: positiveInt(10_000),
  // payment provider (Stripe, or the development gateway without keys): see payments/config.ts
  ...paymentConfigShape,
  // ticket QR signing key: see tickets/signing.ts
  ...ticketConfigShape,
};

export type BookingConfig = z.infer<z.ZodObject<typeof bookingConfigShape>>;

/** For entry points: exits with a clear message on a bad value. */
export function loadBookingConfig(env: Record<string, string | undefined> = process.env): BookingConfig {
  return loadConfig('booking', bookingConfigShape, env);
}

/** For tests and tools: throws ConfigError instead of exiting. */
export function parseBookingConfig(env: Record<string, string | undefined> = {}): BookingConfig {
  return parseConfig(bookingConfigShape, env);
}
