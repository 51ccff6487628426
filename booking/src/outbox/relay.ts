import type { Connection } from 'rabbitmq-client';
import type { Registry } from 'prom-client';
import {
  createEventPublisher,
  envelopeSchema,
  type Envelope,
  type ExchangeNames,
  type Logger,
} from '@ticketing/common';
import { startOutboxListener, type OutboxListener } from './listener.ts';
import { relayMetrics } from './relay-metrics.ts';
import type { Sql } from '../db/sql.ts';
import { claimBatch, markPublished, prunePublished, releaseFailed, type ClaimedRow } from './repo.ts';

export interface RelayOptions {
  db: Sql;
  connection: Connection;
  /** For the dedicated LISTEN connection; without it the relay only polls. */
  listenUrl?: string;
  names?: Partial<ExchangeNames>;
  batchSize: number;
  /** Longest wait between looks at the table when no notification arrives. */
  pollMs: number;
  /** How long a claim keeps other relays off a row; must outlast a batch's publish. */
  leaseMs: number;
  publishTimeoutMs?: number;
  /** Delay before a failed row is tried again: base × 2^(attempts−1), capped. */
  backoff?: { baseMs: number; maxMs: number };
  prune?: { retentionDays: number; intervalMs: number; batchSize: number };
  logger: Logger;
  metrics: { registry: Registry };
  /** Called after a batch's confirms and before they are marked, with the count confirmed so far (fault injection). */
  afterPublish?: (confirmedSoFar: number) => void;
}

export interface OutboxRelay {
  /** True while the LISTEN connection is up. */
  readonly listening: boolean;
  /** Resolves when the relay has nothing due and is waiting to be woken. */
  idle(): Promise<void>;
  /** Finishes the batch in hand (publish and mark), then stops; the pool and connection stay the caller's. */
  stop(): Promise<void>;
}

export function backoffMs(attempts: number, backoff: { baseMs: number; maxMs: number }): number {
  const exponential = backoff.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30));
  // Jitter, so rows that failed together do not all come back in the same instant.
  return Math.min(backoff.maxMs, exponential) * (0.8 + Math.random() * 0.4);
}

/**
 * Publishes the outbox to RabbitMQ, at least once per row. Each cycle
 * claims a batch under a lease (one auto-committed statement), publishes
 * it in id order with publisher confirms, marks the confirmed rows in one
 * statement (while the next batch is claimed and published, so a burst
 * pays one database round trip less per batch) and puts failed ones back
 * with a delay. No transaction is open
 * while it waits on the broker. It wakes on NOTIFY, on a broker reconnect
 * and on a poll timer, and does not claim while the broker is away, so an
 * outage leaves rows pending rather than burning their attempts.
 */
export function startRelay(options: RelayOptions): OutboxRelay {
  const { db, connection, logger } = options;
  const backoff = options.backoff ?? { baseMs: 1_000, maxMs: 60_000 };
  const publisher = createEventPublisher({
    connection,
    ...(options.names ? { names: options.names } : {}),
    maxAttempts: 1,
    timeoutMs: options.publishTimeoutMs ?? Math.max(1_000, Math.floor(options.leaseMs / 2)),
  });
  const metrics = relayMetrics(options.metrics.registry, db);
  let confirmedSoFar = 0;
  let stopping = false;
  let wakeRequested = true;
  let waiting = false;
  let wakeUp: (() => void) | undefined;
  let idleWaiters: Array<() => void> = [];

  const wake = () => {
    wakeRequested = true;
    wakeUp?.();
  };
  connection.on('connection', wake);
  const listener: OutboxListener | undefined = options.listenUrl
    ? startOutboxListener({ connectionString: options.listenUrl, logger, onWake: wake })
    : undefined;

  const waitForWake = () =>
    new Promise<void>((resolve) => {
      waiting = true;
      for (const notify of idleWaiters) notify();
      idleWaiters = [];
      const timer = setTimeout(finish, options.pollMs);
      function finish() {
        clearTimeout(timer);
        waiting = false;
        wakeUp = undefined;
        resolve();
      }
      wakeUp = finish;
    });

  const publishRow = async (row: ClaimedRow): Promise<void> => {
    const parsed = envelopeSchema.safeParse(row.payload);
    if (!parsed.success || parsed.data.id !== row.messageId || parsed.data.type !== row.routingKey) {
      throw new Error('payload is not the envelope of this row');
    }
    // The stored payload as written, not the parsed copy (which drops members the schema does not name).
    await publisher.publish(row.payload as Envelope);
  };

  let marking: Promise<void> = Promise.resolve();

  /** Marks published rows; a failure is logged, never thrown (the lease brings the rows back). */
  const markConfirmed = async (confirmed: readonly ClaimedRow[]): Promise<void> => {
    if (confirmed.length === 0) return;
    const now = Date.now();
    try {
      await markPublished(
        db,
        confirmed.map((r) => r.id),
      );
    } catch (error) {
      // Published but not marked: after the lease they go out again, which consumers dedupe.
      metrics.errors.inc({ stage: 'mark' });
      logger.error({ err: error, count: confirmed.length }, 'outbox: could not mark published rows');
    }
    for (const row of confirmed) {
      metrics.published.inc({ type: row.routingKey });
      metrics.lag.observe({ type: row.routingKey }, Math.max(0, now - row.createdAt.getTime()) / 1000);
    }
  };

  /** One claim-publish-mark cycle (the mark finishing during the next one); returns how many rows it claimed. */
  const relayBatch = async (): Promise<number> => {
    const rows = await claimBatch(db, options.batchSize, options.leaseMs);
    if (rows.length === 0) return 0;
    // Started in id order on one channel, so they reach the exchange in that order.
    const outcomes = await Promise.allSettled(rows.map((row) => publishRow(row)));
    const confirmed: ClaimedRow[] = [];
    const failed: Array<{ row: ClaimedRow; error: string }> = [];
    outcomes.forEach((outcome, i) => {
      const row = rows[i]!;
      if (outcome.status === 'fulfilled') confirmed.push(row);
      else
        failed.push({ row, error: outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason) });
    });
    confirmedSoFar += confirmed.length;
    options.afterPublish?.(confirmedSoFar);

    // The mark goes on while the next batch is claimed and published (their
    // rows are leased, so nobody claims them meanwhile); one mark at a time,
    // so a slow database holds the relay back rather than piling marks up.
    await marking;
    marking = markConfirmed(confirmed);
    if (failed.length > 0) {
      for (const { row } of failed) metrics.publishFailures.inc({ type: row.routingKey });
      logger.warn(
        { failed: failed.length, firstError: failed[0]?.error },
        'outbox: publishes failed; rows will be retried',
      );
      const claimedUntil = rows[0]!.claimedUntil;
      await releaseFailed(
        db,
        failed.map(({ row, error }) => ({ id: row.id, delayMs: backoffMs(row.attempts, backoff), error })),
        claimedUntil,
      ).catch((error: unknown) => {
        // The lease runs out on its own; the rows come back then.
        metrics.errors.inc({ stage: 'release' });
        logger.error({ err: error }, 'outbox: could not put failed rows back');
      });
    }
    return rows.length;
  };

  const loop = async () => {
    while (!stopping) {
      if (!wakeRequested) {
        // Idle means every published row is marked.
        await marking;
        if (!wakeRequested) await waitForWake();
      }
      wakeRequested = false;
      if (stopping) break;
      // While the broker is away nothing is claimed; its reconnect wakes the loop.
      if (!connection.ready) continue;
      try {
        while (!stopping && (await relayBatch()) === options.batchSize);
      } catch (error) {
        metrics.errors.inc({ stage: 'claim' });
        logger.error({ err: error }, 'outbox: relay cycle failed');
      }
    }
    await marking;
  };

  let pruning: Promise<void> | undefined;
  const pruneTimer = options.prune
    ? setInterval(() => {
        const prune = options.prune!;
        pruning ??= prunePublished(db, prune.retentionDays, prune.batchSize)
          .then((deleted) => {
            metrics.pruned.inc(deleted);
            if (deleted > 0) logger.info({ deleted }, 'outbox: pruned published rows');
          })
          .catch((error: unknown) => {
            metrics.errors.inc({ stage: 'prune' });
            logger.warn({ err: error }, 'outbox: pruning failed');
          })
          .finally(() => {
            pruning = undefined;
          });
      }, options.prune.intervalMs)
    : undefined;
  pruneTimer?.unref();

  const running = loop();

  return {
    get listening() {
      return listener?.listening ?? false;
    },
    idle() {
      if (waiting && !wakeRequested) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async stop() {
      stopping = true;
      if (pruneTimer) clearInterval(pruneTimer);
      wake();
      await running;
      await pruning;
      connection.off('connection', wake);
      await listener?.close();
      await publisher.close();
      for (const notify of idleWaiters) notify();
    },
  };
}
