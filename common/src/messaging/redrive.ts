import type { Connection } from 'rabbitmq-client';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { moveToQueue, parkedSummary } from './parked.ts';
import { parkedQueueName } from './topology.ts';

/**
 * Puts parked messages back to work once what failed them answers again.
 *
 * A message is parked when its retries ran out, and in an outage longer
 * than the retries (Redis away for ten minutes) that is every message of the
 * outage: they could be delivered as soon as the store is back. So every
 * `intervalMs`, if `ready()` says the consumer's dependencies answer, the
 * parked messages go back to the main queue with a fresh set of attempts.
 *
 * Some are parked for good and stay for a person (`npm` tool `parked.ts`):
 * a body that is not an envelope, a type nobody handles (both fail the same
 * way every time), and one already put back `maxReplays` times. Their number
 * is the gauge `messages_parked_for_good`, which an alert rule watches.
 */
export interface ParkedRedriveOptions {
  connection: Connection;
  /** The consumer's main queue; its parking is `<queue>.parked`. */
  queue: string;
  /** Resolves when the dependencies the handlers need answer; rejects (or resolves false) otherwise. */
  ready(): Promise<unknown>;
  /** Time between sweeps; 30 s when absent. */
  intervalMs?: number;
  /** How many times one message is put back before it is parked for good; 3 when absent. */
  maxReplays?: number;
  logger: Logger;
  registry: Registry;
}

export interface ParkedRedrive {
  /** One sweep now: how many went back, and how many stay parked for good. */
  sweep(): Promise<{ redriven: number; parkedForGood: number } | undefined>;
  close(): Promise<void>;
}

export const defaultRedriveIntervalMs = 30_000;
export const defaultMaxReplays = 3;

/** Reasons that a fresh attempt cannot change (consumer.ts parks with them). */
const hopeless = [/^poison: /, /^no handler for /];

export function startParkedRedrive(options: ParkedRedriveOptions): ParkedRedrive {
  const { connection, queue, logger } = options;
  const maxReplays = options.maxReplays ?? defaultMaxReplays;
  const metrics = redriveMetrics(options.registry);
  let closed = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  async function dependenciesAnswer(): Promise<boolean> {
    try {
      return (await options.ready()) !== false;
    } catch {
      return false;
    }
  }

  async function sweepOnce(): Promise<{ redriven: number; parkedForGood: number } | undefined> {
    if (!connection.ready || !(await dependenciesAnswer())) return undefined;
    const channel = await connection.acquire();
    try {
      await channel.confirmSelect();
      const parkedQueue = parkedQueueName(queue);
      const { messageCount } = await channel.queueDeclare({ queue: parkedQueue, passive: true });
      const kept: number[] = [];
      let redriven = 0;
      for (let seen = 0; seen < messageCount && !closed; seen++) {
        const msg = await channel.basicGet({ queue: parkedQueue, noAck: false });
        if (!msg) break;
        const { reason, replayed } = parkedSummary(msg);
        if (replayed >= maxReplays || hopeless.some((pattern) => pattern.test(reason))) {
          kept.push(msg.deliveryTag);
          continue;
        }
        await moveToQueue(channel, msg, queue);
        redriven += 1;
      }
      // The ones kept go back to parking, in their order.
      for (const deliveryTag of kept) channel.basicNack({ deliveryTag, requeue: true });
      metrics.redriven.inc({ queue }, redriven);
      metrics.parkedForGood.set({ queue }, kept.length);
      if (redriven > 0) logger.info({ queue, redriven, parkedForGood: kept.length }, 'parked messages put back');
      return { redriven, parkedForGood: kept.length };
    } finally {
      await channel.close();
    }
  }

  const sweep = () => {
    const next = running.then(sweepOnce, sweepOnce);
    running = next.catch(() => undefined);
    return next;
  };

  const loop = async () => {
    await sweep().catch((error: unknown) => logger.warn({ err: error, queue }, 'could not sweep parked messages'));
    if (!closed) timer = setTimeout(() => void loop(), options.intervalMs ?? defaultRedriveIntervalMs);
  };
  timer = setTimeout(() => void loop(), options.intervalMs ?? defaultRedriveIntervalMs);

  return {
    sweep,
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
    },
  };
}

interface RedriveMetrics {
  redriven: Counter<'queue'>;
  parkedForGood: Gauge<'queue'>;
}

/** Shared by every queue of a process, like the consumer counters. */
function redriveMetrics(registry: Registry): RedriveMetrics {
  const redrivenName = 'messages_redriven_total';
  const forGoodName = 'messages_parked_for_good';
  return {
    redriven:
      (registry.getSingleMetric(redrivenName) as Counter<'queue'> | undefined) ??
      new Counter({
        name: redrivenName,
        help: 'Parked messages put back on their queue once their dependencies answered again',
        labelNames: ['queue'] as const,
        registers: [registry],
      }),
    parkedForGood:
      (registry.getSingleMetric(forGoodName) as Gauge<'queue'> | undefined) ??
      new Gauge({
        name: forGoodName,
        help: 'Parked messages no automatic re-drive will put back (poison, unhandled, or re-driven too often): they need a person',
        labelNames: ['queue'] as const,
        registers: [registry],
      }),
  };
}
