import type { Logger } from '@ticketing/common';
import { createOrm, migrate } from './orm.ts';

/** Applies pending migrations to a database and closes its connection; returns the names applied. */
export async function migrateDatabase(databaseUrl: string, logger: Logger): Promise<string[]> {
  const orm = await createOrm({ databaseUrl, poolSize: 1, logger, applicationName: 'booking-migrate' });
  try {
    return await migrate(orm);
  } finally {
    await orm.close();
  }
}
