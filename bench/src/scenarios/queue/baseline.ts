import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger, type RateLimitRule } from '@ticketing/common';
import { createRedisRateLimiter } from '@ticketing/common';
import { runDropScript, scripts } from '@ticketing/waiting-room/testing';
import { runLoad, summarize, type LoadSummary } from '../../lib/load.ts';

export interface BaselineOptions {
  redisUrl: string;
  prefix: string;
  dropId: string;
  fans: number;
  concurrency: number;
  connections: number;
  rules: readonly RateLimitRule[];
}

/**
 * The Redis work of one join, issued straight from ioredis with no HTTP,
 * no token and no Koa in between: the two rate-limit checks (per address,
 * per fan) and the join script, with the same connections and concurrency
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
      const reply = (await runDropScript(clients[client]!, options.prefix, scripts.join, options.dropId, [
        users[index]!,
      ])) as unknown[];
      return String(reply[0]);
    });
    // A paused drop answers `waiting` with the fan's place, as the HTTP join does.
    return summarize(run, 'waiting', ['waiting']);
  } finally {
    for (const client of clients) client.disconnect();
  }
}
