import { repeatRounds, type Logger } from '@ticketing/common';
import type { Database } from '../db/database.ts';
import { claimExpiredHolds, endHolds } from './end-repo.ts';

export interface SweepOptions {
  /** Expired holds ended per transaction. */
  batchSize: number;
  /** Stops after this many batches, so one run cannot monopolise a connection. */
  maxBatches?: number;
}

export interface SweepResult {
  /** Holds marked expired. */
  holds: number;
  /** Seats given back to sale. */
  seats: number;
  /** Expired holds skipped because another transaction held their seats' locks. */
  deferred: number;
}

/**
 * Releases expired holds in batches, each batch its own short transaction:
 * the holds are claimed with SKIP LOCKED (several sweepers never collide),
 * their seats go back to `available` with a new version, and `seat.released`
 * and `hold.ended` (reason `expired`) are written to the outbox. Correctness
 * never waits for this: an expired hold's seats are claimable at once; the
 * sweep keeps availability, events and the hold's own status current.
 */
export async function sweepExpiredHolds(db: Database, options: SweepOptions): Promise<SweepResult> {
  const total: SweepResult = { holds: 0, seats: 0, deferred: 0 };
  const maxBatches = options.maxBatches ?? 50;
  for (let batch = 0; batch < maxBatches; batch++) {
    const result = await db.transaction(async (sql) => {
      const claimed = await claimExpiredHolds(sql, options.batchSize);
      const ended = await endHolds(sql, claimed.ready, 'expired');
      return { ...ended, deferred: claimed.busy.length, claimed: claimed.ready.length + claimed.busy.length };
    });
    total.holds += result.holds;
    total.seats += result.seats;
    total.deferred += result.deferred;
    // A short batch means nothing is left; a batch of only busy holds would just be claimed again.
    if (result.claimed < options.batchSize || result.holds === 0) break;
  }
  return total;
}

export interface Sweeper {
  stop(): Promise<void>;
}

/**
 * Runs the sweep every `intervalMs` until stopped; a failed round is logged
 * and retried next time. `onReleased` runs after a round that ended holds
 * (the inventory publisher tells the waiting room at once).
 */
export function startSweeper(
  db: Database,
  logger: Logger,
  options: SweepOptions & { intervalMs: number; onReleased?: () => void },
): Sweeper {
  const round = async () => {
    try {
      const result = await sweepExpiredHolds(db, options);
      if (result.holds > 0 || result.deferred > 0) logger.info(result, 'sweeper: expired holds released');
      if (result.holds > 0) options.onReleased?.();
    } catch (error) {
      logger.warn({ err: error }, 'sweeper: round failed');
    }
  };
  return repeatRounds(round, options.intervalMs);
}
