import { createLogger } from '@ticketing/common';
import { createTestDatabase } from '@ticketing/common/testing';
import { createDatabase, type Database } from '../db/database.ts';
import { createOrm, migrate } from '../db/orm.ts';
import type { createEvent } from './factories.ts';

/** What the factories and readers of this entry write and read through. */
export type FactoryConnection = Parameters<typeof createEvent>[0];

/**
 * Booking's database for a test of another workspace (or of a use case
 * without booking's HTTP app): use cases run on `db`, factories and readers
 * on `sql()`.
 */
export interface BookingTestDatabase {
  url: string;
  db: Database;
  /** A connection for arranging and inspecting rows, outside any use case's transaction. */
  sql(): FactoryConnection;
  close(): Promise<void>;
}

/** A database of the test's own with booking's schema; closing drops it. */
export async function createBookingTestDatabase(label: string): Promise<BookingTestDatabase> {
  const database = await createTestDatabase(label);
  let booking: BookingTestDatabase;
  try {
    booking = await connectBookingTestDatabase(database.url, { migrate: true });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    ...booking,
    async close() {
      await booking.close();
      await database.drop();
    },
  };
}

/** A database some other harness made (and will drop); `migrate` applies booking's schema first. */
export async function connectBookingTestDatabase(
  url: string,
  options: { migrate?: boolean } = {},
): Promise<BookingTestDatabase> {
  const logger = createLogger('booking-test-database', 'silent');
  const orm = await createOrm({ databaseUrl: url, poolSize: 3, logger, applicationName: 'booking-test' });
  try {
    if (options.migrate) await migrate(orm);
  } catch (error) {
    await orm.close();
    throw error;
  }
  const db = createDatabase(orm, logger);
  return {
    url,
    db,
    sql: () => orm.em.fork(),
    async close() {
      await db.close();
      await orm.close();
    },
  };
}
