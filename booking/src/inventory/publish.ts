import type { DropInventory, Logger } from '@ticketing/common';
import type { Database } from '../db/database.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { lockWatchedDrops, recordChangedCounts } from './repo.ts';

export interface InventoryRound {
  /** The messages written, one per drop whose numbers moved. */
  published: DropInventory[];
  /** Watched drops left alone because another publisher was on them. */
  busy: number;
}

/**
 * One publishing round, one short transaction: lock the watched drops that
 * no other publisher holds, count their free and held seats, and for each
 * drop whose numbers differ from the last published ones record the new
 * numbers and write `drop.inventory` to the outbox, numbered by the drop's
 * sequence. A drop is sold out when no seat is free and none is in a live
 * hold (those may still come back).
 */
export async function publishDropInventory(
  db: Database,
  options: { dropIds?: readonly string[] } = {},
): Promise<InventoryRound> {
  return db.transaction(async (sql) => {
    const { locked, busy } = await lockWatchedDrops(sql, options.dropIds);
    const changed = await recordChangedCounts(sql, locked);
    const published: DropInventory[] = [];
    for (const counts of changed) {
      const message: DropInventory = { ...counts, soldOut: counts.available === 0 && counts.held === 0 };
      await enqueue(sql, 'drop.inventory', message);
      published.push(message);
    }
    return { published, busy };
  });
}

export interface InventoryPublisher {
  /** Runs a round now (or right after the one in progress), then keeps the interval. */
  publishNow(): void;
  stop(): Promise<void>;
}

/**
 * Runs a round every `intervalMs` until stopped; a failed round is logged
 * and the next one tries again. Any number of processes may run it.
 */
export function startInventoryPublisher(
  db: Database,
  logger: Logger,
  options: { intervalMs: number },
): InventoryPublisher {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const round = async () => {
    try {
      const { published } = await publishDropInventory(db);
      for (const message of published) logger.debug(message, 'inventory: published');
    } catch (error) {
      logger.warn({ err: error }, 'inventory: round failed');
    }
  };
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = round().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        run();
      } else if (!stopped) {
        timer = setTimeout(run, options.intervalMs);
      }
    });
  };
  timer = setTimeout(run, options.intervalMs);
  return {
    publishNow: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      while (running) await running;
    },
  };
}
