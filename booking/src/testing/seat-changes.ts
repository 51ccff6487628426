import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Envelope, SeatStatus } from '@ticketing/common';
import { pgSql } from '../db/sql.ts';
import { envelopeOf, writeEnvelope } from '../outbox/enqueue.ts';
import { outboxChannel } from '../outbox/wake.ts';
import type { World } from './world.ts';

/**
 * Seat changes made the way booking makes them (status, hold and version + 1
 * in one transaction), each returning the message booking would publish for
 * it, for tests and benchmarks of the services that follow booking's seats.
 */

export type SeatMessage = 'seat.held' | 'seat.released' | 'seat.sold';

export interface SeatChangeOptions {
  /**
   * Also writes the message to the outbox in the same transaction and wakes
   * the relay after the commit, so booking's relay publishes it as in
   * production. Without it the caller publishes the returned message.
   */
  outbox?: boolean;
}

interface ChangedRow {
  id: string;
  section_id: string;
  status: SeatStatus;
  version: string;
  held_until: Date | null;
}

const returning = 'RETURNING id, section_id, status, version::text AS version, held_until';

async function changedRows(client: pg.PoolClient, text: string, params: unknown[]): Promise<ChangedRow[]> {
  return (await client.query<ChangedRow>(text, params)).rows;
}

async function changeSeats(
  pool: pg.Pool,
  world: World,
  type: SeatMessage,
  seatIds: readonly string[],
  change: (client: pg.PoolClient) => Promise<ChangedRow[]>,
  options: SeatChangeOptions,
): Promise<Envelope<SeatMessage>> {
  const client = await pool.connect();
  let envelope: Envelope<SeatMessage>;
  try {
    await client.query('BEGIN');
    const rows = await change(client);
    if (rows.length !== seatIds.length) throw new Error(`changed ${rows.length} of ${seatIds.length} seats`);
    const data = {
      eventId: world.eventId,
      dropId: world.dropId,
      seats: rows.map((r) => ({
        seatId: r.id,
        sectionId: r.section_id,
        status: r.status,
        version: Number(r.version),
        heldUntil: r.held_until?.toISOString() ?? null,
      })),
    };
    // Booking's one outbox writer, on this transaction's client.
    envelope = options.outbox ? await enqueueOn(client, type, data) : envelopeOf(type, data);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  // After the commit, as booking's hot paths wake the relay: a NOTIFY inside the transaction serialises commits.
  if (options.outbox) await pool.query(`SELECT pg_notify($1, '')`, [outboxChannel]);
  return envelope;
}

/** Holds seats for `seconds` (negative: a hold that has already lapsed) for `userId`. */
export async function holdSeats(
  pool: pg.Pool,
  world: World,
  seatIds: readonly string[],
  seconds = 600,
  options: SeatChangeOptions & { userId?: string } = {},
): Promise<Envelope<SeatMessage>> {
  return changeSeats(
    pool,
    world,
    'seat.held',
    seatIds,
    async (client) => {
      const holdId = randomUUID();
      await client.query(
        `INSERT INTO holds (id, event_id, drop_id, user_id, seat_count, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
        [holdId, world.eventId, world.dropId, options.userId ?? 'fan-1', seatIds.length, seconds],
      );
      return changedRows(
        client,
        `UPDATE seats SET status = 'held', hold_id = $2, held_until = now() + make_interval(secs => $3),
                version = version + 1, updated_at = now()
          WHERE id = ANY($1::uuid[]) ${returning}`,
        [seatIds, holdId, seconds],
      );
    },
    options,
  );
}

/** The seats leave their hold, if any: sold, or back on sale. */
async function settleSeats(
  pool: pg.Pool,
  world: World,
  seatIds: readonly string[],
  type: 'seat.sold' | 'seat.released',
  options: SeatChangeOptions,
): Promise<Envelope<SeatMessage>> {
  const status = type === 'seat.sold' ? 'sold' : 'available';
  const settle = `UPDATE seats SET status = '${status}', hold_id = NULL, held_until = NULL, version = version + 1,
                         updated_at = now()
                   WHERE id = ANY($1::uuid[]) ${returning}`;
  return changeSeats(pool, world, type, seatIds, (client) => changedRows(client, settle, [seatIds]), options);
}

export async function sellSeats(
  pool: pg.Pool,
  world: World,
  seatIds: readonly string[],
  options: SeatChangeOptions = {},
) {
  return settleSeats(pool, world, seatIds, 'seat.sold', options);
}

export async function releaseSeats(
  pool: pg.Pool,
  world: World,
  seatIds: readonly string[],
  options: SeatChangeOptions = {},
) {
  return settleSeats(pool, world, seatIds, 'seat.released', options);
}

async function enqueueOn(
  client: pg.PoolClient,
  type: SeatMessage,
  data: Envelope<SeatMessage>['data'],
): Promise<Envelope<SeatMessage>> {
  const envelope = envelopeOf(type, data);
  await writeEnvelope(pgSql(client), envelope);
  return envelope;
}
