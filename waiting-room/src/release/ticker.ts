import type { RedisClient } from '@ticketing/common';
import type { Logger } from '@ticketing/common';
import type { DropDirectory } from '../drops/drop-directory.ts';
import { dropRegistryKey } from '../store/keys.ts';
import { runDropScript, scripts } from '../store/scripts.ts';
import { parsePulse, type DropPulse, type PulseBoard } from './drop-pulse.ts';
import { placePrequeue } from './placement.ts';

export interface TickerOptions {
  redis: RedisClient;
  prefix: string;
  drops: DropDirectory;
  pulses: PulseBoard;
  logger: Logger;
  tickMs: number;
  graceMs: number;
  admissionWindowMs: number;
  /** How long after closesAt a drop is still ticked; its keys then expire as long again. */
  retentionMs: number;
  /** Most fans one tick admits, drops as ghosts or expires, per drop. */
  batch: number;
  /** How often the list of drops is re-read, so drops first seen elsewhere get ticked here too. */
  discoveryMs?: number;
  /** Called with every pulse (the sockets use it). */
  onPulse?(dropId: string, pulse: DropPulse): void;
  /** Called when a drop is retired, so what else this instance keeps about it can go. */
  onRetired?(dropId: string): void;
}

export interface Ticker {
  start(): void;
  /** Runs one round over every drop now. */
  tickAll(): Promise<void>;
  /** Ticks one drop soon (a slot came free): the next fan need not wait for the beat. */
  nudge(dropId: string): void;
  /** Ticks the drop now and returns what the tick saw (a tick is idempotent: it may run any time). */
  pulse(dropId: string): Promise<DropPulse | undefined>;
  stop(): Promise<void>;
}

/**
 * Runs the release tick for every drop, every few hundred milliseconds, on
 * every instance. There is no leader: the tick script is atomic and prices
 * its tokens by Redis's clock, so extra instances only add redundancy.
 */
export function createTicker(options: TickerOptions): Ticker {
  const { redis, prefix, drops, pulses, logger } = options;
  const discoveryMs = options.discoveryMs ?? 2_000;
  // Tolerated silence before the tick assumes nobody could reach Redis;
  // shorter than the grace period, so an outage never turns fans into ghosts.
  const outageMs = Math.min(Math.max(2_000, options.tickMs * 10), options.graceMs / 2);
  let known: string[] = [];
  let discoveredAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let failing = false;
  const nudged = new Set<string>();

  /**
   * Forgets a drop closed longer than the retention period, here and in the
   * registry. Any instance that still meets it (a fan asking about it) ticks
   * it once more and forgets it again.
   */
  const retire = async (dropId: string) => {
    await redis.srem(dropRegistryKey(prefix), dropId);
    known = known.filter((id) => id !== dropId);
    pulses.delete(dropId);
    drops.forget(dropId);
    options.onRetired?.(dropId);
  };

  const tickDrop = async (dropId: string) => {
    const reply = await runDropScript(redis, prefix, scripts.tick, dropId, [
      options.graceMs,
      options.admissionWindowMs,
      options.batch,
      outageMs,
      options.retentionMs,
    ]);
    const pulse = parsePulse(reply, Date.now());
    if (!pulse) return undefined;
    if (pulse.retired) {
      await retire(dropId);
      return pulse;
    }
    pulses.set(dropId, pulse);
    options.onPulse?.(dropId, pulse);
    if (pulse.phase === 'opening') await placePrequeue(redis, prefix, dropId, logger);
    return pulse;
  };

  const tickAll = async () => {
    try {
      if (Date.now() - discoveredAt >= discoveryMs) {
        known = await drops.registered();
        // Settings changes are announced over pub/sub; re-reading them now
        // and then covers an announcement missed during a reconnect.
        await Promise.all(drops.local().map((dropId) => drops.refresh(dropId)));
        discoveredAt = Date.now();
      }
      // Drops this instance just met are ticked at once, before the next discovery.
      await Promise.all([...new Set([...known, ...drops.local()])].map(tickDrop));
      if (failing) logger.info('release ticks are running again');
      failing = false;
    } catch (error) {
      // Fail closed: while Redis is away no tick runs, so nobody is admitted.
      if (!failing) logger.warn({ err: error }, 'release tick failed; nobody is admitted until it succeeds');
      failing = true;
    }
  };

  const loop = () => {
    if (stopped) return;
    running = tickAll().finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(loop, options.tickMs);
    });
  };

  return {
    start() {
      stopped = false;
      // A random first delay spreads instances' ticks over the interval.
      timer = setTimeout(loop, Math.floor(Math.random() * options.tickMs));
    },
    tickAll,
    nudge(dropId) {
      if (stopped || nudged.has(dropId)) return;
      nudged.add(dropId);
      setImmediate(() => {
        tickDrop(dropId)
          .catch((error: unknown) => logger.debug({ err: error, dropId }, 'nudged tick failed'))
          .finally(() => nudged.delete(dropId));
      });
    },
    pulse: (dropId) => tickDrop(dropId),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
