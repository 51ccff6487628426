import pg from 'pg';
import { isDomainError, type Logger } from '@ticketing/common';
import { translateDatabaseError } from '../db/errors.ts';
import { pgSql } from '../db/sql.ts';
import { placeHold } from '../holds/repo.ts';
import { createOutboxWake } from '../outbox/wake.ts';

/**
 * The benchmark's baseline: the very call the booking service makes for a
 * hold (one auto-committed call of place_hold, then the coalesced wake-up of
 * the relay), sent straight through pg. No HTTP, no token verification, no
 * validation, no ORM: what the database and a Node client allow at this
 * concurrency. The admission is passed as verified, as the service does
 * after checking the token.
 */
export interface RawHoldPath {
  /** Holds `seatIds` for `userId`; answers as the API would: '201', '409 <code>' or 'error <code>'. */
  hold(sale: { eventId: string; dropId: string }, userId: string, seatIds: string[]): Promise<string>;
  close(): Promise<void>;
}

export function createRawHoldPath(options: {
  databaseUrl: string;
  connections: number;
  lockTimeoutMs: number;
  logger: Logger;
}): RawHoldPath {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.connections,
    application_name: 'bench-raw',
    // As booking's connections have it (db/orm.ts).
    lock_timeout: options.lockTimeoutMs,
  });
  const wake = createOutboxWake((text) => pool.query(text), options.logger);

  return {
    async hold(sale, userId, seatIds) {
      try {
        const outcome = await placeHold(pgSql(pool), {
          eventId: sale.eventId,
          dropId: undefined,
          userId,
          seatIds,
          sectionId: null,
          quantity: seatIds.length,
          admission: { dropId: sale.dropId, maxSeats: 4, jti: `raw-${userId}` },
        });
        if (outcome.kind === 'placed') {
          wake.notify();
          return '201';
        }
        if (outcome.kind === 'refused') {
          return outcome.context.seats.some((s) => !s.free) ? '409 seat_unavailable' : '409 refused';
        }
        return outcome.kind === 'unavailable' ? '409 seat_unavailable' : `409 ${outcome.kind}`;
      } catch (error) {
        const translated = translateDatabaseError(error);
        return isDomainError(translated) ? `error ${translated.code}` : `error ${String(error)}`;
      }
    },
    async close() {
      await wake.close();
      await pool.end();
    },
  };
}
