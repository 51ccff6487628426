import type { Logger } from '@ticketing/common';
import { createDatabase, type Database } from './db/database.ts';
import { createOrm } from './db/orm.ts';

/*
 * What the back office (the admin service) may call: booking's use cases for
 * organizers and admins, with their inputs and answers, and a way to open
 * booking's database to run them on. Everything else in booking is private.
 * The caller authenticates people, checks their roles and says who acts
 * (`Actor`); the use cases own their transactions, apply who may manage
 * what, and write the outbox and the audit log.
 */

export type { Actor } from './actor.ts';
export type { Database } from './db/database.ts';

export {
  createDropInput,
  dropChanges,
  dropView,
  type CreateDropInput,
  type DropChanges,
  type DropView,
} from './drops/schema.ts';
export { createDrop, getDrop, listDrops, setDropPaused, updateDrop } from './drops/service.ts';

export { dropSales, type DropSales } from './stats/schema.ts';
export { readDropSales } from './stats/service.ts';

export { refundOrder, type RefundOrderInput, type RefundOrderResult } from './tickets/refund.ts';
export { reissueTicket, type ReissueTicketInput } from './tickets/reissue.ts';

export interface BookingDatabaseOptions {
  databaseUrl: string;
  /** Connections this process keeps to booking's PostgreSQL. */
  poolSize?: number;
  logger: Logger;
  /** How the connections name themselves in `pg_stat_activity`. */
  applicationName: string;
}

export interface BookingDatabase {
  /** What every use case of this entry runs on. */
  db: Database;
  /** Throws when PostgreSQL cannot answer: for a readiness check. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Booking's database for another service's process. It never migrates
 * (booking's `npm run migrate` does); commits that wrote outbox messages wake
 * booking's relay as booking's own do.
 */
export async function openBookingDatabase(options: BookingDatabaseOptions): Promise<BookingDatabase> {
  const orm = await createOrm(options);
  const db = createDatabase(orm, options.logger);
  return {
    db,
    async ping() {
      await db.read((sql) => sql.query('SELECT 1'));
    },
    async close() {
      await db.close();
      await orm.close();
    },
  };
}
