import type { RedisClient } from '../stores/redis.ts';
import type { Logger } from 'pino';
import { redisScript, runScript } from '../stores/redis-script.ts';
import type { RateLimiter, RateLimitRule } from './route.ts';

/**
 * A rate limiter shared by every instance of a service, in Redis: the
 * generic cell rate algorithm (GCRA), one key per rule and subject. A rule
 * of `limit` per `windowSeconds` lets a burst of `limit` through, then one
 * request every `windowSeconds / limit`, so a client that waits is never
 * punished for the whole window. The script uses Redis's clock, so
 * instances with drifting clocks agree.
 */
const gcra = redisScript(`
local key, interval, tolerance = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', key)) or now
if tat < now then tat = now end
local next_tat = tat + interval
local allow_at = next_tat - tolerance
if allow_at > now then return { 0, allow_at - now } end
-- A huge limit makes the interval smaller than a millisecond timestamp's
-- precision: the key still needs a positive expiry.
redis.call('SET', key, next_tat, 'PX', math.max(1, math.ceil(next_tat - now)))
return { 1, 0 }
`);

export interface RedisRateLimiterOptions {
  redis: RedisClient;
  /** Prepended to every key. */
  prefix?: string;
  logger: Logger;
  /**
   * When Redis cannot be asked: `true` lets the request through (the route
   * then meets the outage itself and answers for it), `false` refuses it as
   * rate limited. Defaults to letting it through.
   */
  failOpen?: boolean;
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { redis, logger } = options;
  const prefix = options.prefix ?? '';
  const failOpen = options.failOpen ?? true;
  let warned = false;
  return {
    async hit(rule: RateLimitRule, subject: string) {
      const windowMs = rule.windowSeconds * 1000;
      const interval = windowMs / rule.limit;
      const key = `${prefix}rl:${rule.name}:${rule.by}:${subject}`;
      try {
        const [allowed, waitMs] = (await runScript(redis, gcra, [key], [interval, windowMs])) as [number, number];
        warned = false;
        return { allowed: allowed === 1, retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)) };
      } catch (error) {
        if (!warned) {
          const outcome = failOpen ? 'let through' : 'refused';
          logger.warn({ err: error, failOpen }, `rate limiter failed; requests are ${outcome}`);
        }
        warned = true;
        return { allowed: failOpen, retryAfterSeconds: failOpen ? 0 : 1 };
      }
    },
  };
}
