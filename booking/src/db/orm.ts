import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type pg from 'pg';
import type { Logger, PostgresWatch } from '@ticketing/common';
import { migrations } from '../migrations/index.ts';

export type { MikroORM } from '@mikro-orm/postgresql';

export interface OrmOptions {
  databaseUrl: string;
  poolSize?: number;
  /**
   * Longest any statement of these connections waits for a lock before
   * failing with lock_not_available (a 503 busy): set once, here, for every
   * transaction, so no use case sets its own.
   */
  lockTimeoutMs?: number;
  /** Server-side bound of any one statement (`statement_timeout`); 10 s when absent. */
  statementTimeoutMs?: number;
  /** Longest wait for a pooled connection, opening one included; 5 s when absent. */
  acquireTimeoutMs?: number;
  /** An idle pooled connection is closed after this long; 30 s when absent. */
  idleTimeoutMs?: number;
  /** When given, its pings judge whether PostgreSQL answers, and silence drops this pool's connections. */
  watch?: PostgresWatch;
  logger: Logger;
  applicationName?: string;
}

/**
 * MikroORM owns booking's pool, transactions and migrations. No entities are
 * registered: booking's queries are SQL through `Sql` (database.ts), the
 * one way its code reaches the database (docs/architecture.md).
 */
export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: options.databaseUrl,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    pool: { min: 0, max: options.poolSize ?? 10, idleTimeoutMillis: options.idleTimeoutMs ?? 30_000 },
    driverOptions: {
      application_name: options.applicationName ?? 'booking',
      ...(options.lockTimeoutMs === undefined ? {} : { lock_timeout: options.lockTimeoutMs }),
      statement_timeout: options.statementTimeoutMs ?? 10_000,
      // A transaction its client walked away from (a process stalled or cut off) frees its locks.
      idle_in_transaction_session_timeout: 30_000,
      connectionTimeoutMillis: options.acquireTimeoutMs ?? 5_000,
      keepAlive: true,
      ...(options.watch ? { onPoolCreated: (pool: pg.Pool) => options.watch?.watchPool(pool) } : {}),
    },
    migrations: {
      migrationsList: migrations,
      tableName: 'schema_migrations',
      transactional: true,
      allOrNothing: true,
      // The schema lives in the committed .sql files; no schema snapshot files in the working directory.
      snapshot: false,
      snapshotOnMigrate: false,
    },
    // Nothing may collect state on the global entity manager: every call forks its own.
    allowGlobalContext: false,
    logger: (message) => options.logger.debug(message),
  });
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}
