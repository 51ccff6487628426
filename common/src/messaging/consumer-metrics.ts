import { Counter, Histogram, type Registry } from 'prom-client';

type Labels = 'queue' | 'type';

export interface ConsumerMetrics {
  handled: Counter<Labels>;
  failed: Counter<Labels>;
  retried: Counter<Labels>;
  parked: Counter<Labels>;
  duplicates: Counter<Labels>;
  duration: Histogram<Labels>;
}

/**
 * The consumer counters, shared by every queue of a process: one registry
 * can hold each name once, so a second consumer reuses what the first made.
 */
export function consumerMetrics(registry: Registry): ConsumerMetrics {
  const counter = (name: string, help: string): Counter<Labels> => {
    const existing = registry.getSingleMetric(name);
    if (existing) return existing as Counter<Labels>;
    return new Counter({ name, help, labelNames: ['queue', 'type'] as const, registers: [registry] });
  };
  const durationName = 'messages_handle_duration_seconds';
  const duration =
    (registry.getSingleMetric(durationName) as Histogram<Labels> | undefined) ??
    new Histogram({
      name: durationName,
      help: 'Time a handler took, successful or not',
      labelNames: ['queue', 'type'] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
      registers: [registry],
    });
  return {
    handled: counter('messages_handled_total', 'Messages a handler processed successfully'),
    failed: counter('messages_failed_total', 'Handler failures (each attempt)'),
    retried: counter('messages_retried_total', 'Messages sent to a retry queue'),
    parked: counter('messages_parked_total', 'Messages parked for a person: retries exhausted, poison or unhandled'),
    duplicates: counter('messages_duplicate_total', 'Messages skipped because their id was already handled'),
    duration,
  };
}
