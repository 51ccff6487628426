import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { isDomainError, type Logger } from '@ticketing/common';
import { translateDatabaseError } from '../db/errors.ts';
import { pgSql } from '../db/sql.ts';
import { sortedLockKeys } from '../holds/locks.ts';
import { placeHold, readHoldContext } from '../holds/repo.ts';
import { createOutboxWake } from '../outbox/wake.ts';

/**
 * The benchmark's baseline: the very statements the booking service runs
 * for a hold (the context read, then one transaction with the lock
 * statement and the write statement, then the coalesced wake-up of the
 * relay), sent straight through pg. No HTTP, no token verification, no
 * validation, no ORM: what the database alone allows at this concurrency.
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
      const context = await readHoldContext(pgSql(pool), {
        eventId: sale.eventId,
        dropId: undefined,
        seatIds,
        sectionId: undefined,
      });
      if (context.seats.some((s) => !s.free)) return '409 seat_unavailable';
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const outcome = await placeHold(pgSql(client), {
          holdId: randomUUID(),
          eventId: sale.eventId,
          dropId: sale.dropId,
          userId,
          jti: null,
          quantity: seatIds.length,
          seatIds,
          sectionId: null,
          lockKeys: sortedLockKeys(seatIds),
          occurredAt: new Date().toISOString(),
          messageIds: { held: randomUUID(), created: randomUUID() },
        });
        await client.query(outcome.kind === 'placed' ? 'COMMIT' : 'ROLLBACK');
        if (outcome.kind === 'placed') wake.notify();
        return outcome.kind === 'placed'
          ? '201'
          : outcome.kind === 'unavailable'
            ? '409 seat_unavailable'
            : `409 ${outcome.kind}`;
      } catch (error) {
        await client.query('ROLLBACK');
        const translated = translateDatabaseError(error);
        return isDomainError(translated) ? `error ${translated.code}` : `error ${String(error)}`;
      } finally {
        client.release();
      }
    },
    async close() {
      await wake.close();
      await pool.end();
    },
  };
}
