import type pg from 'pg';
import { holdSeats, releaseSeats, type World } from '@ticketing/booking/testing';
import type { EventPublisher } from '@ticketing/common';

export interface HoldDriverOptions {
  pool: pg.Pool;
  world: World;
  /** Holds started per second. */
  rate: number;
  durationMs: number;
  /** How long each hold lives before it is released, so seats keep cycling. */
  holdMs: number;
  /** Seats per hold; by default one or two, at random. */
  seatsPerHold?: number;
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
  /** Seats whose status changed (each hold and each release counts its seats). */
  seatChanges: number;
  seconds: number;
}

/**
 * Makes holds the way booking's transaction does (seats held with a
 * version bump, the hold row and the seat message in the outbox in one
 * transaction, the relay woken after the commit), then releases them the
 * same way; booking's testing entry makes each change.
 */
export async function driveHolds(options: HoldDriverOptions): Promise<HoldDriverResult> {
  const { pool, world } = options;
  const free = [...world.seatIds].sort(() => Math.random() - 0.5);
  const result = { holds: 0, releases: 0, failures: 0, seatChanges: 0, seconds: 0 };
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();

  async function change(type: 'seat.held' | 'seat.released', seatIds: string[]): Promise<void> {
    const outbox = options.publish.mode === 'outbox';
    const envelope =
      type === 'seat.held'
        ? await holdSeats(pool, world, seatIds, 600, { outbox, userId: 'bench-fan' })
        : await releaseSeats(pool, world, seatIds, { outbox });
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
    const count = options.seatsPerHold ?? (Math.random() < 0.5 ? 1 : 2);
    if (free.length >= count) {
      const seats = free.splice(0, count);
      track(
        change('seat.held', seats).then(async () => {
          result.holds += 1;
          result.seatChanges += seats.length;
          await new Promise((resolve) => setTimeout(resolve, options.holdMs));
          await change('seat.released', seats);
          result.releases += 1;
          result.seatChanges += seats.length;
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
