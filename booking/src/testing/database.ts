import { createLogger } from '@ticketing/common';
import { createOrm, migrate } from '../db/orm.ts';

/**
 * Gives a test database booking's schema by running booking's migrations the
 * way a deployment does, so services that read booking's tables are tested
 * against the real schema, not a copy.
 */
export async function migrateTestDatabase(databaseUrl: string): Promise<void> {
  const orm = await createOrm({
    databaseUrl,
    logger: createLogger('booking-test-migrate', 'silent'),
    poolSize: 1,
    applicationName: 'booking-test-migrate',
  });
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
}
