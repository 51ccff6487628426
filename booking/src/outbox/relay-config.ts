import { z } from 'zod';
import { baseConfig, ConfigError, loadConfig, messagingConfig, parseConfig, port } from '@ticketing/common';
import { bookingConfigShape } from '../config.ts';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every variable the outbox relay process reads. */
export const relayConfigShape = {
  ...baseConfig,
  // PostgreSQL holding the outbox (booking's database)
  DATABASE_URL: bookingConfigShape.DATABASE_URL,
  // RabbitMQ and the exchanges the relay declares and publishes to
  ...messagingConfig,
  // rows claimed and published per cycle
  RELAY_BATCH_SIZE: positiveInt(100),
  // longest wait between looks at the outbox when no NOTIFY arrives
  RELAY_POLL_MS: positiveInt(1_000),
  // how long a claim keeps other relays off a row; rows of a relay that died come back after it
  RELAY_LEASE_MS: positiveInt(30_000),
  // first retry delay of a row whose publish failed; doubles per attempt
  RELAY_BACKOFF_BASE_MS: positiveInt(1_000),
  // longest retry delay of a failing row
  RELAY_BACKOFF_MAX_MS: positiveInt(60_000),
  // published rows are deleted after this many days
  RELAY_RETENTION_DAYS: z.coerce.number().positive().default(7),
  // how often published rows past retention are pruned
  RELAY_PRUNE_INTERVAL_MS: positiveInt(3_600_000),
  // rows deleted per pruning statement
  RELAY_PRUNE_BATCH_SIZE: positiveInt(1_000),
  // port of /health, /ready and /metrics; 0 picks a free one
  RELAY_PORT: port(4012),
  // interface the health and metrics port listens on
  RELAY_HOST: z.string().min(1).default('0.0.0.0'),
  // tests only: kill the process (SIGKILL) once this many messages are confirmed, before they are marked
  RELAY_CRASH_AFTER_PUBLISH: z.coerce.number().int().positive().optional(),
};

export type RelayConfig = z.infer<z.ZodObject<typeof relayConfigShape>>;

function refuseTestFaults(config: RelayConfig): RelayConfig {
  if (config.NODE_ENV === 'production' && config.RELAY_CRASH_AFTER_PUBLISH !== undefined) {
    throw new ConfigError(['RELAY_CRASH_AFTER_PUBLISH: fault injection is for tests; production refuses it']);
  }
  return config;
}

/** For tests and tools: throws ConfigError instead of exiting. */
export function parseRelayConfig(env: Record<string, string | undefined> = {}): RelayConfig {
  return refuseTestFaults(parseConfig(relayConfigShape, env));
}

/** For the entry point: a bad value prints one clear message and exits. */
export function loadRelayConfig(env: Record<string, string | undefined> = process.env): RelayConfig {
  const config = loadConfig('booking-relay', relayConfigShape, env);
  try {
    return refuseTestFaults(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`booking-relay: ${error.message}\n`);
    process.exit(78); // EX_CONFIG, as loadConfig does
  }
}
