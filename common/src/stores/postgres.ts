import pg from 'pg';
import type { Logger } from 'pino';
import { invalid, type DomainError } from '../errors.ts';
import { createPostgresWatch, databaseUnavailable } from './postgres-watch.ts';

export interface PgOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
  /** Bounds every statement, so a stuck query cannot hold a request forever. */
  statementTimeoutMs?: number;
  /** Longest wait for a pooled connection, opening one included; 5 s when absent. */
  acquireTimeoutMs?: number;
  /** How long a health ping may go unanswered before the server counts as silent; 1 s when absent. */
  answerTimeoutMs?: number;
}

/**
 * A pg pool that survives a database restart and a silent database: broken
 * idle clients are dropped and logged (pg emits them as pool errors), the
 * next checkout opens a fresh connection, and while PostgreSQL does not
 * answer (postgres-watch.ts) `pool.query` fails at once with
 * `database_unavailable`. `pool.query` also translates what is not a bug:
 * an unreachable server is `database_unavailable`, bad data in the input
 * (SQLSTATE class 22) `validation_failed`.
 */
export function createPgPool(options: PgOptions, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    idle_in_transaction_session_timeout: 30_000,
    connectionTimeoutMillis: options.acquireTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'postgres: idle client failed'));
  const watch = createPostgresWatch({
    connectionString: options.connectionString,
    answerTimeoutMs: options.answerTimeoutMs,
    applicationName: `${options.applicationName ?? 'pool'}-watch`,
    logger,
  });
  watch.watchPool(pool);
  // The promise form of `query` (the one this codebase uses) runs under the
  // watch; the callback and submittable forms are left as pg has them.
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    const [first] = args;
    const promised = typeof args.at(-1) !== 'function' && !(typeof first === 'object' && first && 'submit' in first);
    if (!promised) return query(...args);
    return watch
      .guard(() => query(...args) as Promise<unknown>)
      .catch((error: unknown) => {
        throw translatePgFailure(error) ?? error;
      });
  }) as typeof pool.query;
  const end = pool.end.bind(pool);
  pool.end = async () => {
    await watch.close();
    await end();
  };
  return pool;
}

const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
const serverUnavailableStates = new Set(['53300', '57P01', '57P02', '57P03']);

/**
 * The failures of a plain pool that are not bugs, by SQLSTATE or socket
 * code: the server cannot be reached (503), or the input held a value
 * PostgreSQL calls bad data (400). Anything else is left as it was.
 */
export function translatePgFailure(error: unknown): DomainError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code } = error as { code?: unknown };
  if (typeof code !== 'string') return undefined;
  // Class 22 is data exception; 08P01 is what a NUL character inside a value makes of the protocol.
  if (code.startsWith('22') || code === '08P01') {
    return invalid('validation_failed', 'A value has the wrong format', { cause: error });
  }
  if (code.startsWith('08') || connectionCodes.has(code) || serverUnavailableStates.has(code)) {
    return databaseUnavailable(error);
  }
  return undefined;
}

export async function pingPostgres(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1');
}
