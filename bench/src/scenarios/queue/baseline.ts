import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger, type RateLimitRule } from '@ticketing/common';
import { createRedisRateLimiter } from '@ticketing/common';
import { runJoinScript } from '@ticketing/waiting-room/testing';
import { runLoad, summarize, type LoadSummary } from '../../lib/load.ts';

export interface BaselineOptions {
  redisUrl: string;
  prefix: string;
  dropId: string;
  fans: number;
  concurrency: number;
  connections: number;
  /** Rules checked before the join script (the route's: per address). */
  rules: readonly RateLimitRule[];
  joinsPerFanPerMinute: number;
}

/**
 * The Redis work of one join, issued straight from ioredis with no HTTP,
 * no token and no Koa in between: the per-address rate-limit check and the
 * join script (which keeps the per-fan limit itself), with the same connections and concurrency
 * as the instances have. Its rate is the ceiling the HTTP joins are measured against.
 */
export async function measureRawJoins(options: BaselineOptions): Promise<LoadSummary> {
  const logger = createLogger('bench-baseline', 'silent');
  const clients = Array.from({ length: options.connections }, () => new Redis(options.redisUrl));
  const limiters = clients.map((redis) => createRedisRateLimiter({ redis, prefix: `${options.prefix}wr:`, logger }));
  const users = Array.from({ length: options.fans }, () => randomUUID());
  try {
    const run = await runLoad(options.fans, options.concurrency, async (index) => {
      const client = index % clients.length;
      for (const rule of options.rules) {
        const verdict = await limiters[client]!.hit(rule, rule.by === 'ip' ? '127.0.0.1' : users[index]!);
        if (!verdict.allowed) return 'rate_limited';
      }
      const reply = (await runJoinScript(
        clients[client]!,
        options.prefix,
        options.dropId,
        users[index]!,
        options.joinsPerFanPerMinute,
      )) as unknown[];
      return String(reply[0]);
    });
    // A paused drop answers `waiting` with the fan's place, as the HTTP join does.
    return summarize(run, 'waiting', ['waiting']);
  } finally {
    for (const client of clients) client.disconnect();
  }
}
