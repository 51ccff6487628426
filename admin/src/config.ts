import { z } from 'zod';
import { baseConfig, flag, loadConfig, parseConfig, port, url, instanceScoped } from '@ticketing/common';
import { ticketConfigShape } from '@ticketing/booking/back-office';

const positiveInt = (fallback: number, max = 1_000_000) => z.coerce.number().int().min(1).max(max).default(fallback);

/** The admin service's variables; see common/src/config.ts for how they are read. */
export const adminConfigShape = {
  ...baseConfig,
  // HTTP port of the back-office API; 0 picks a free one (tests)
  ADMIN_PORT: port(4004),
  // interface the back-office API listens on
  ADMIN_HOST: z.string().min(1).default('0.0.0.0'),
  // trust X-Forwarded-* headers (behind the load balancer)
  ADMIN_TRUST_PROXY: flag(false),
  // PostgreSQL, booking's database: the admin service works through booking's domain code
  DATABASE_URL: instanceScoped(url('postgres://postgres@127.0.0.1:5432/ticketing')),
  // connections per admin process
  ADMIN_DATABASE_POOL_SIZE: positiveInt(5, 100),
  // OpenID Connect issuer whose access tokens the API accepts
  OIDC_ISSUER: instanceScoped(url('http://localhost:4005/realms/ticketing')),
  // audience the access tokens must carry
  OIDC_AUDIENCE: z.string().min(1).default('ticketing-api'),
  // the issuer's key set; defaults to Keycloak's certs endpoint under the issuer
  OIDC_JWKS_URL: z.url().optional(),
  // the waiting room's HTTP API, asked for a drop's live queue numbers
  WAITING_ROOM_URL: instanceScoped(url('http://localhost:4001')),
  // longest the dashboard waits for the waiting room before answering without the queue part
  WAITING_ROOM_TIMEOUT_MS: positiveInt(1_500, 60_000),
  // how often (ms) a live dashboard stream reads its drops' numbers
  ADMIN_DASHBOARD_INTERVAL_MS: positiveInt(1_000, 60_000),
  // milliseconds between comments on a quiet dashboard stream, so proxies keep it open
  ADMIN_DASHBOARD_HEARTBEAT_MS: positiveInt(15_000, 120_000),
  // bytes a dashboard client may leave unread before its stream is ended (it reconnects)
  ADMIN_DASHBOARD_BUFFER_BYTES: positiveInt(262_144, 16_777_216),
  // the ticket key: verifies scanned codes and signs gate lists (booking's key, see booking/src/tickets/README.md)
  ...ticketConfigShape,
  // how long a cancellation request refunds orders itself before leaving the rest to booking's sweeper
  ADMIN_CANCEL_BUDGET_MS: positiveInt(20_000, 600_000),
  // how long in-flight requests may finish on shutdown
  SHUTDOWN_DRAIN_MS: positiveInt(10_000, 600_000),
};

export type AdminConfig = z.infer<z.ZodObject<typeof adminConfigShape>>;

/** For the entry point: exits with a clear message on a bad value. */
export function loadAdminConfig(env: Record<string, string | undefined> = process.env): AdminConfig {
  return loadConfig('admin', adminConfigShape, env);
}

/** For tests and tools: throws ConfigError instead of exiting. */
export function parseAdminConfig(env: Record<string, string | undefined> = {}): AdminConfig {
  return parseConfig(adminConfigShape, env);
}
