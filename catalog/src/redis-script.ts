import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface RedisScript {
  source: string;
  sha: string;
}

export function redisScript(source: string): RedisScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * Runs a Lua script by its digest and sends the source only when the server
 * does not know it yet (first call, or after a restart or SCRIPT FLUSH), so
 * the hot path ships a 40-byte digest rather than the whole script.
 */
export async function runScript(
  redis: Redis,
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
      return redis.eval(script.source, keys.length, ...keys, ...args);
    }
    throw error;
  }
}
