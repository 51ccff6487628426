import type { Logger } from '@ticketing/common';
/** The channel the relay LISTENs on. */
export const outboxChannel = 'outbox';

/**
 * Wakes the relay after commits, coalesced. A NOTIFY inside a transaction
 * makes its commit take a database-wide lock, so hot paths that NOTIFY on
 * every commit queue behind each other (on a small machine: a few hundred
 * commits a second, against thousands without it). The hot paths call
 * `notify()` after their commit instead; one NOTIFY is sent per
 * `coalesceMs`, always after every commit that asked for it, so no wake-up
 * is lost. If the process dies in between, the relay's polling catches up.
 */
export interface OutboxWake {
  /** Call after a commit that wrote to the outbox. */
  notify(): void;
  /** Sends a pending wake-up now and stops. */
  close(): Promise<void>;
}

export function createOutboxWake(send: (sql: string) => Promise<unknown>, logger: Logger, coalesceMs = 10): OutboxWake {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let closed = false;

  const fire = () => {
    timer = undefined;
    inFlight = send(`SELECT pg_notify('${outboxChannel}', '')`).then(
      () => undefined,
      (error: unknown) => logger.warn({ err: error }, 'outbox wake: NOTIFY failed; the relay will poll'),
    );
  };

  return {
    notify() {
      if (closed || timer) return;
      timer = setTimeout(fire, coalesceMs);
    },
    async close() {
      closed = true;
      if (timer) {
        clearTimeout(timer);
        fire();
      }
      await inFlight;
    },
  };
}
