import { Histogram, type Registry } from 'prom-client';
import type { Logger } from '@ticketing/common';

export interface PropagationRecorder {
  /** A change became visible in the cache. */
  cached(occurredAtMs: number, details: { eventId: string; messageId: string; seats: number }): void;
  /** A change was written to this instance's open streams. */
  pushed(message: { occurredAt: number; messageId: string; seq: number }): void;
}

/**
 * Propagation delay from booking's commit (the envelope's occurredAt) to
 * the cache and to the streams, as a histogram per stage and a log line.
 * Clocks of different machines enter here, so small negative values are
 * clamped to zero rather than reported.
 */
export function createPropagationRecorder(registry: Registry, logger: Logger, slowMs: number): PropagationRecorder {
  const histogram = new Histogram({
    name: 'catalog_propagation_seconds',
    help: 'Delay from booking commit to the availability cache (stage=cache) and to open streams (stage=stream)',
    labelNames: ['stage'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const record = (stage: 'cache' | 'stream', occurredAtMs: number, fields: Record<string, unknown>) => {
    const delayMs = Math.max(0, Date.now() - occurredAtMs);
    histogram.observe({ stage }, delayMs / 1000);
    if (delayMs > slowMs) logger.warn({ ...fields, stage, delayMs }, 'availability: slow propagation');
    else logger.debug({ ...fields, stage, delayMs }, 'availability: propagated');
  };
  return {
    cached: (occurredAtMs, details) => record('cache', occurredAtMs, details),
    pushed: (message) => record('stream', message.occurredAt, { messageId: message.messageId, seq: message.seq }),
  };
}
