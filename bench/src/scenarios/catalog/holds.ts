import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Envelope, EventPublisher, SeatState } from '@ticketing/common';
import type { World } from '@ticketing/catalog/testing/world';

export interface HoldDriverOptions {
  pool: pg.Pool;
  world: World;
  /** Holds started per second. */
  rate: number;
  durationMs: number;
  /** How long each hold lives before it is released, so seats keep cycling. */
  holdMs: number;
  /**
   * `outbox`: the change and its message commit together and booking's relay
   * publishes them, as in production. `direct`: published right after commit.
   */
  publish: { mode: 'outbox' } | { mode: 'direct'; publisher: EventPublisher };
}

export interface HoldDriverResult {
  holds: number;
  releases: number;
  failures: number;
  seconds: number;
}

/**
 * Makes holds the way booking's transaction does (seats held with a
 * version bump, the hold row, the seat message in the outbox, NOTIFY to
 * wake the relay, all in one transaction), then releases them the same way.
 */
export async function driveHolds(options: HoldDriverOptions): Promise<HoldDriverResult> {
  const { pool, world } = options;
  const free = [...world.seatIds].sort(() => Math.random() - 0.5);
  const result = { holds: 0, releases: 0, failures: 0, seconds: 0 };
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();

  async function change(type: 'seat.held' | 'seat.released', seatIds: string[]): Promise<void> {
    const client = await pool.connect();
    let envelope: Envelope<'seat.held' | 'seat.released'> | undefined;
    try {
      await client.query('BEGIN');
      const holdId = randomUUID();
      if (type === 'seat.held') {
        await client.query(
          `INSERT INTO holds (id, event_id, drop_id, user_id, seat_count, expires_at)
           VALUES ($1, $2, $3, 'bench-fan', $4, now() + interval '10 minutes')`,
          [holdId, world.eventId, world.dropId, seatIds.length],
        );
      }
      const { rows } = await client.query<{
        id: string;
        section_id: string;
        status: SeatState['status'];
        version: string;
        held_until: Date | null;
      }>(
        type === 'seat.held'
          ? `UPDATE seats SET status = 'held', hold_id = $2, held_until = now() + interval '10 minutes', version = version + 1
              WHERE id = ANY($1::uuid[]) RETURNING id, section_id, status, version::text AS version, held_until`
          : `UPDATE seats SET status = 'available', hold_id = NULL, held_until = NULL, version = version + 1
              WHERE id = ANY($1::uuid[]) RETURNING id, section_id, status, version::text AS version, held_until`,
        type === 'seat.held' ? [seatIds, holdId] : [seatIds],
      );
      envelope = {
        id: randomUUID(),
        type,
        occurredAt: new Date().toISOString(),
        data: {
          eventId: world.eventId,
          dropId: world.dropId,
          seats: rows.map((r) => ({
            seatId: r.id,
            sectionId: r.section_id,
            status: r.status,
            version: Number(r.version),
            heldUntil: r.held_until?.toISOString() ?? null,
          })),
        },
      };
      if (options.publish.mode === 'outbox') {
        // The same statement booking's enqueue runs: the NOTIFY is delivered on commit.
        await client.query(
          `WITH written AS (INSERT INTO outbox (message_id, routing_key, payload) VALUES ($1, $2, $3::jsonb) RETURNING id)
           SELECT pg_notify('outbox', '') FROM written`,
          [envelope.id, type, JSON.stringify(envelope)],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    if (options.publish.mode === 'direct') await options.publish.publisher.publish(envelope);
  }

  function track(work: Promise<void>): void {
    const tracked = work.catch(() => {
      result.failures += 1;
    });
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  }

  const intervalMs = 1000 / options.rate;
  let next = performance.now();
  while (performance.now() - started < options.durationMs) {
    const count = Math.random() < 0.5 ? 1 : 2;
    if (free.length >= count) {
      const seats = free.splice(0, count);
      track(
        change('seat.held', seats).then(async () => {
          result.holds += 1;
          await new Promise((resolve) => setTimeout(resolve, options.holdMs));
          await change('seat.released', seats);
          result.releases += 1;
          free.push(...seats);
        }),
      );
    }
    next += intervalMs;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
