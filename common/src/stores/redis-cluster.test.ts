import { Cluster } from 'ioredis';
import { parseConfig } from '../config.ts';
import { createRedisRateLimiter } from '../http/redis-rate-limiter.ts';
import type { RateLimitRule } from '../http/route.ts';
import { createLogger } from '../logger.ts';
import { startRedisCluster, type LocalRedisCluster } from '../testing/redis-cluster.ts';
import { deleteKeysWithPrefix } from '../testing/redis-keys.ts';
import { closeRedis, createRedis, pingRedis, redisClusterNodes, type RedisClient } from './redis.ts';
import { redisScript, runScript } from './redis-script.ts';

const logger = createLogger('redis-cluster-test', 'silent');
let cluster: LocalRedisCluster;
let redis: RedisClient;

beforeAll(async () => {
  cluster = await startRedisCluster();
  redis = createRedis({ url: 'redis://127.0.0.1:6379', clusterNodes: cluster.nodes.slice(0, 1), name: 'test' }, logger);
}, 60_000);
afterAll(async () => {
  await closeRedis(redis);
  await cluster.close();
});

test('REDIS_CLUSTER_NODES names host:port pairs and refuses anything else', () => {
  const shape = { REDIS_CLUSTER_NODES: redisClusterNodes };
  expect(parseConfig(shape, {}).REDIS_CLUSTER_NODES).toBeUndefined();
  expect(parseConfig(shape, { REDIS_CLUSTER_NODES: 'a.example:7000, 10.0.0.2:7001' }).REDIS_CLUSTER_NODES).toEqual([
    { host: 'a.example', port: 7000 },
    { host: '10.0.0.2', port: 7001 },
  ]);
  expect(() => parseConfig(shape, { REDIS_CLUSTER_NODES: 'a.example' })).toThrow(/REDIS_CLUSTER_NODES/);
  expect(() => parseConfig(shape, { REDIS_CLUSTER_NODES: 'a.example:70000' })).toThrow(/not host:port/);
});

test('one seed node is enough: the client finds every master and is ready', async () => {
  expect(redis).toBeInstanceOf(Cluster);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  await pingRedis(redis);
  expect((redis as Cluster).nodes('master')).toHaveLength(3);
});

test('a script over several keys of one hash tag runs on the master of their slot', async () => {
  const script = redisScript(
    "redis.call('SET', KEYS[1], ARGV[1]) redis.call('SET', KEYS[2], ARGV[1]) return redis.call('MGET', KEYS[1], KEYS[2])",
  );
  // Keys of several drops land on different masters; each drop's keys share one.
  const masters = new Set<number>();
  for (let drop = 0; drop < 12; drop++) {
    const keys = [`t:{drop:${drop}}:a`, `t:{drop:${drop}}:b`];
    expect(await runScript(redis, script, keys, [`v${drop}`])).toEqual([`v${drop}`, `v${drop}`]);
    masters.add(await cluster.masterOf(keys[0]!));
  }
  expect(masters.size).toBeGreaterThan(1);
  // Keys of two slots in one script are refused by the cluster, which is why the hash tags matter.
  await expect(runScript(redis, script, ['t:{drop:1}:a', 't:{drop:2}:a'], ['x'])).rejects.toThrow(/CROSSSLOT/);
});

test('the rate limiter counts per subject across the cluster', async () => {
  const limiter = createRedisRateLimiter({ redis, prefix: 'rl-test:', logger, failOpen: false });
  const rule: RateLimitRule = { name: 'join', by: 'user', limit: 3, windowSeconds: 60 };
  for (const subject of ['fan-1', 'fan-2', 'fan-3', 'fan-4']) {
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await limiter.hit(rule, subject));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    expect(verdicts[3]!.retryAfterSeconds).toBeGreaterThan(15);
  }
});

test('deleting a prefix reaches the keys on every master', async () => {
  await Promise.all(Array.from({ length: 30 }, (_, i) => redis.set(`gone:{k${i}}`, '1')));
  await deleteKeysWithPrefix(redis, 'gone:');
  const left = await Promise.all(Array.from({ length: 30 }, (_, i) => redis.exists(`gone:{k${i}}`)));
  expect(left.every((n) => n === 0)).toBe(true);
});
