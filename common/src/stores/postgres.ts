import pg from 'pg';
import type { Logger } from 'pino';

export interface PgOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
  /** Bounds every statement, so a stuck query cannot hold a request forever. */
  statementTimeoutMs?: number;
}

/**
 * A pg pool that survives a database restart: broken idle clients are
 * dropped and logged (pg emits them as pool errors), and the next checkout
 * opens a fresh connection.
 */
export function createPgPool(options: PgOptions, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'postgres: idle client failed'));
  return pool;
}

export async function pingPostgres(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1');
}
