import { createLogger } from '@ticketing/common';
import { migrateDatabase } from '../db/migrate-database.ts';

/**
 * Gives a test database booking's schema by running booking's migrations the
 * way a deployment does, so services that read booking's tables are tested
 * against the real schema, not a copy.
 */
export async function migrateTestDatabase(databaseUrl: string): Promise<void> {
  await migrateDatabase(databaseUrl, createLogger('booking-test-migrate', 'silent'));
}
