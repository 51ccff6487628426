import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from '@ticketing/common';
import { migrations } from '../migrations/index.ts';

export type { MikroORM } from '@mikro-orm/postgresql';

export interface OrmOptions {
  databaseUrl: string;
  poolSize?: number;
  logger: Logger;
  applicationName?: string;
}

export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: options.databaseUrl,
    // Every query is SQL through `Sql` (db/database.ts): MikroORM owns the pool, transactions and migrations only.
    entities: [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    pool: { min: 0, max: options.poolSize ?? 10 },
    driverOptions: { application_name: options.applicationName ?? 'booking' },
    migrations: {
      migrationsList: migrations,
      tableName: 'schema_migrations',
      transactional: true,
      allOrNothing: true,
      // The schema lives in the committed .sql files; no schema snapshot files in the working directory.
      snapshot: false,
      snapshotOnMigrate: false,
    },
    // Requests fork their own entity manager; the global one must never collect state.
    allowGlobalContext: false,
    logger: (message) => options.logger.debug(message),
  });
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}
