import { Redis } from 'ioredis';
import { createLogger } from '../logger.ts';
import { closeRedis, createRedis } from '../stores/redis.ts';
import { startTcpProxy } from '../testing/tcp-proxy.ts';
import { testRedisUrl, uniqueName } from '../testing/database.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';
import type { RateLimitRule } from './route.ts';

const logger = createLogger('rate-limiter-test', 'silent');
const prefix = `${uniqueName('rate-limiter')}:`;
const redis = new Redis(testRedisUrl);
const rule: RateLimitRule = { name: 'join', by: 'user', limit: 3, windowSeconds: 60 };

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

test('lets a burst of `limit` through, then refuses with the wait until the next slot', async () => {
  const limiter = createRedisRateLimiter({ redis, prefix, logger });
  const verdicts = [];
  for (let i = 0; i < 4; i++) verdicts.push(await limiter.hit(rule, 'fan-1'));
  expect(verdicts.slice(0, 3).every((v) => v.allowed)).toBe(true);
  expect(verdicts[3]!.allowed).toBe(false);
  // One slot every 60 / 3 = 20 seconds.
  expect(verdicts[3]!.retryAfterSeconds).toBeGreaterThan(15);
  expect(verdicts[3]!.retryAfterSeconds).toBeLessThanOrEqual(20);
  // Other subjects and other rules keep their own counts.
  expect((await limiter.hit(rule, 'fan-2')).allowed).toBe(true);
  expect((await limiter.hit({ ...rule, name: 'status' }, 'fan-1')).allowed).toBe(true);
  expect((await limiter.hit({ ...rule, by: 'ip' }, 'fan-1')).allowed).toBe(true);
});

test('a refused hit does not use up a slot', async () => {
  const limiter = createRedisRateLimiter({ redis, prefix, logger });
  const quick: RateLimitRule = { name: 'quick', by: 'ip', limit: 2, windowSeconds: 1 };
  expect((await limiter.hit(quick, 'a')).allowed).toBe(true);
  expect((await limiter.hit(quick, 'a')).allowed).toBe(true);
  for (let i = 0; i < 5; i++) expect((await limiter.hit(quick, 'a')).allowed).toBe(false);
  // Half a window later one slot has come back, however often it was asked for meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect((await limiter.hit(quick, 'a')).allowed).toBe(true);
});

test('a limit far above any real traffic still counts (the interval is below a millisecond)', async () => {
  const limiter = createRedisRateLimiter({ redis, prefix, logger, failOpen: false });
  const huge: RateLimitRule = { name: 'huge', by: 'ip', limit: 1_000_000_000, windowSeconds: 60 };
  const verdicts = await Promise.all(Array.from({ length: 200 }, () => limiter.hit(huge, 'shared')));
  expect(verdicts.every((v) => v.allowed)).toBe(true);
});

test('without Redis it lets requests through by default, or refuses them when told to fail closed', async () => {
  const proxy = await startTcpProxy(6379);
  const viaProxy = createRedis({ url: `redis://127.0.0.1:${proxy.port}`, commandTimeoutMs: 500 }, logger);
  try {
    proxy.cut();
    const open = createRedisRateLimiter({ redis: viaProxy, prefix, logger });
    const closed = createRedisRateLimiter({ redis: viaProxy, prefix, logger, failOpen: false });
    expect(await open.hit(rule, 'fan-3')).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await closed.hit(rule, 'fan-3')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  } finally {
    proxy.restore();
    await closeRedis(viaProxy);
    await proxy.close();
  }
});
