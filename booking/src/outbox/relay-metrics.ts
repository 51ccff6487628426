import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Sql } from '../db/sql.ts';
import { pendingStats } from './repo.ts';

export interface RelayMetrics {
  published: Counter<'type'>;
  publishFailures: Counter<'type'>;
  /** From the row's commit-time creation to the broker's confirm: what consumers wait on. */
  lag: Histogram<'type'>;
  errors: Counter<'stage'>;
  pruned: Counter;
}

/** Relay metrics on the process's registry; the pending gauges ask PostgreSQL at scrape time. */
export function relayMetrics(registry: Registry, db: Sql): RelayMetrics {
  let last = { pending: 0, oldestSeconds: 0 };
  let inFlight: Promise<typeof last> | undefined;
  // Both gauges are collected in one scrape, concurrently: they share one query.
  const refresh = () => {
    inFlight ??= pendingStats(db)
      .then((stats) => (last = stats))
      // The database is away: the scrape keeps the last known values; readiness reports the outage.
      .catch(() => last)
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  new Gauge({
    name: 'outbox_pending',
    help: 'Outbox rows not yet published',
    registers: [registry],
    async collect() {
      this.set((await refresh()).pending);
    },
  });
  new Gauge({
    name: 'outbox_oldest_pending_seconds',
    help: 'Age of the oldest unpublished outbox row',
    registers: [registry],
    async collect() {
      this.set((await refresh()).oldestSeconds);
    },
  });
  return {
    published: new Counter({
      name: 'outbox_published_total',
      help: 'Outbox messages confirmed by the broker',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    publishFailures: new Counter({
      name: 'outbox_publish_failures_total',
      help: 'Outbox messages whose publish failed and were put back with a delay',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    lag: new Histogram({
      name: 'outbox_publish_lag_seconds',
      help: 'Time from writing an outbox row to its publish being confirmed',
      labelNames: ['type'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'outbox_relay_errors_total',
      help: 'Relay cycles that failed, by stage (claim, mark, release, prune)',
      labelNames: ['stage'] as const,
      registers: [registry],
    }),
    pruned: new Counter({
      name: 'outbox_pruned_total',
      help: 'Published outbox rows deleted after the retention period',
      registers: [registry],
    }),
  };
}
