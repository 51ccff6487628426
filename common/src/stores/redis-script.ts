import { createHash } from 'node:crypto';
import type { RedisClient } from './redis.ts';

/** A Lua script and its SHA-1 digest, the name Redis caches it under. */
export interface RedisScript {
  source: string;
  sha: string;
}

export function redisScript(source: string): RedisScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** Redis names the kind of an error in the first word of its reply. */
function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/**
 * Runs a Lua script by its digest and sends the source only when the server
 * does not know it yet (first call, or after a restart, failover or SCRIPT
 * FLUSH), so the hot path ships a 40-byte digest rather than the whole script.
 */
export async function runScript(
  redis: RedisClient,
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
}
