import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@ticketing/common';
import { openBookingDatabase } from '../composition.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/orm.ts';

/** Booking's database for a test that arranges rows with the factories and runs use cases on it. */
export interface TestBooking {
  /** A fresh entity manager for the factories. */
  em(): EntityManager;
  database: Database;
  close(): Promise<void>;
}

/** Connects to (and migrates) a test database the caller created. */
export async function connectTestBooking(databaseUrl: string, logger: Logger): Promise<TestBooking> {
  const opened = await openBookingDatabase({
    databaseUrl,
    poolSize: 4,
    lockTimeoutMs: 10_000,
    logger,
    applicationName: 'booking-test',
  });
  await migrate(opened.orm);
  return { em: () => opened.orm.em.fork(), database: opened.db, close: () => opened.close() };
}
