import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { isDomainError } from '@ticketing/common';
import { translateDatabaseError } from '@ticketing/booking/db/errors';
import { pgSql } from '@ticketing/booking/db/sql';
import { sortedLockKeys } from '@ticketing/booking/holds/locks';
import { placeHold, readHoldContext } from '@ticketing/booking/holds/repo';
import type { OutboxWake } from '@ticketing/booking/outbox/wake';
import { runLoad, type LoadRun } from '../../lib/load.ts';
import type { Sale } from './world.ts';

/**
 * The baseline: the same statements the booking service runs for a hold (the
 * context read, then one transaction with the lock statement and the write
 * statement, then the coalesced wake-up of the relay), sent straight through
 * pg. No HTTP, no token verification, no validation, no ORM: what the
 * database alone allows at this concurrency.
 */
export interface RawPath {
  pool: pg.Pool;
  wake: OutboxWake;
  lockTimeoutMs: number;
}

async function rawHold(raw: RawPath, sale: Sale, userId: string, seatIds: string[]): Promise<string> {
  const { pool, lockTimeoutMs } = raw;
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
      lockTimeoutMs,
      occurredAt: new Date().toISOString(),
      messageIds: { held: randomUUID(), created: randomUUID() },
    });
    await client.query(outcome.kind === 'placed' ? 'COMMIT' : 'ROLLBACK');
    if (outcome.kind === 'placed') raw.wake.notify();
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
}

export function rawContention(raw: RawPath, sale: Sale, fans: number, attempts: number): Promise<LoadRun> {
  return runLoad(attempts, fans, (_, worker) => {
    const seat = sale.seatIds[Math.floor(Math.random() * sale.seatIds.length)] as string;
    return rawHold(raw, sale, `raw-contention-${worker}`, [seat]);
  });
}

export function rawThroughput(raw: RawPath, sale: Sale, fans: number, concurrency: number): Promise<LoadRun> {
  return runLoad(sale.seatIds.length, concurrency, (index) =>
    rawHold(raw, sale, `raw-fan-${index % fans}`, [sale.seatIds[index] as string]),
  );
}
