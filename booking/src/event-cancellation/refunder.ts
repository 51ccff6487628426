import { repeatRounds, type Logger } from '@ticketing/common';
import type { Database } from '../db/database.ts';
import { refundCancelledOrders } from './service.ts';

export interface CancellationRefunder {
  stop(): Promise<void>;
}

/**
 * The sweeper's part of a cancellation: every `intervalMs`, refunds the paid
 * orders of cancelled events that the cancelling request left (its time
 * budget ran out, or its process died). Several sweepers share the work
 * (orders are claimed with SKIP LOCKED); a failed round is logged and retried.
 */
export function startCancellationRefunder(
  db: Database,
  logger: Logger,
  options: { intervalMs: number; budgetMs?: number },
): CancellationRefunder {
  const round = async () => {
    try {
      await refundCancelledOrders(db, { budgetMs: options.budgetMs ?? 5_000, logger });
    } catch (error) {
      logger.warn({ err: error }, 'cancellation refunds: round failed');
    }
  };
  return repeatRounds(round, options.intervalMs);
}
