import { Redis } from 'ioredis';
import { testRedisUrl, uniqueName } from '../testing/database.ts';
import { redisScript, runScript } from './redis-script.ts';

const redis = new Redis(testRedisUrl);
const key = uniqueName('redis-script');

afterAll(async () => {
  await redis.del(key);
  redis.disconnect();
});

test('a script the server has never seen runs from its source, then by its digest', async () => {
  // A comment with a fresh name gives a digest no server has cached.
  const script = redisScript(`-- ${uniqueName('script')}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`);
  const [known] = (await redis.script('EXISTS', script.sha)) as number[];
  expect(known).toBe(0);
  expect(await runScript(redis, script, [key], [2])).toBe(2);
  const [cached] = (await redis.script('EXISTS', script.sha)) as number[];
  expect(cached).toBe(1);
  expect(await runScript(redis, script, [key], [3])).toBe(5);
});

test('an error other than an unknown script reaches the caller', async () => {
  const script = redisScript(`return redis.error_reply('WRONG ${uniqueName('reply')}')`);
  await expect(runScript(redis, script, [], [])).rejects.toThrow(/^WRONG /);
});
