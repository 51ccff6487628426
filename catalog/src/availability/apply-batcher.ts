import type { ApplyResult, SeatChange } from './cache.ts';

export interface ApplyBatcherOptions {
  apply(changes: readonly SeatChange[]): Promise<ApplyResult>;
  /** Most booking messages merged into one script call (and one delta). */
  maxMessages?: number;
}

interface Waiting {
  change: SeatChange;
  resolve(result: ApplyResult): void;
  reject(error: unknown): void;
}

/**
 * Coalesces seat changes per event: the first change of an event is applied
 * at once, and those that arrive while it runs are applied together right
 * after, in one script call that yields one delta. Under a storm the cost
 * per change falls (one script, one publish, one log entry and one stream
 * frame per batch) while a quiet event pays no wait at all. Every change
 * resolves with its batch's result, or fails with it, so its message is
 * acknowledged only once the batch is in the cache and is redelivered
 * otherwise.
 */
export function createApplyBatcher(options: ApplyBatcherOptions) {
  const maxMessages = options.maxMessages ?? 256;
  const queues = new Map<string, Waiting[]>();

  async function drain(eventId: string, queue: Waiting[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxMessages);
      try {
        const result = await options.apply(batch.map((w) => w.change));
        for (const waiting of batch) waiting.resolve(result);
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    queues.delete(eventId);
  }

  return {
    submit(change: SeatChange): Promise<ApplyResult> {
      return new Promise<ApplyResult>((resolve, reject) => {
        const running = queues.get(change.eventId);
        if (running) {
          running.push({ change, resolve, reject });
          return;
        }
        const queue: Waiting[] = [{ change, resolve, reject }];
        queues.set(change.eventId, queue);
        void drain(change.eventId, queue);
      });
    },
  };
}
