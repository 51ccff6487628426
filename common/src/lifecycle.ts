import type { Logger } from 'pino';

export interface Closeable {
  name: string;
  close(): Promise<unknown>;
}

/** Closes resources in reverse order of opening, one at a time: what a service's `close()` does in tests. */
export async function closeInReverse(resources: readonly Closeable[]): Promise<void> {
  for (const resource of [...resources].reverse()) await resource.close();
}

/**
 * Graceful shutdown for a process role: on SIGTERM or SIGINT, close each
 * resource in reverse order of opening (servers first, stores last), then
 * exit. A second signal, or a shutdown that takes too long, exits at once.
 */
export function shutdownOnSignals(logger: Logger, resources: Closeable[], timeoutMs = 15_000): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, timeoutMs).unref();
    for (const resource of [...resources].reverse()) {
      try {
        await resource.close();
      } catch (error) {
        logger.warn({ err: error, resource: resource.name }, 'close failed');
      }
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  process.on('unhandledRejection', (error) => {
    logger.fatal({ err: error }, 'unhandled rejection');
    process.exit(1);
  });
}

/**
 * Runs `round` every `intervalMs` (the next wait starts when a round ends,
 * so rounds never overlap) until stopped; `stop` waits for a round in flight.
 * The round handles its own errors.
 */
export function repeatRounds(round: () => Promise<void>, intervalMs: number): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
