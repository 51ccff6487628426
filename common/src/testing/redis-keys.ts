import { Cluster } from 'ioredis';
import type { Redis } from 'ioredis';
import type { RedisClient } from '../stores/redis.ts';

/**
 * Deletes every key under a test's own prefix (SCAN, so a shared server is
 * never blocked). A cluster is scanned master by master, and keys are
 * deleted one by one since they may sit in different slots. The client must
 * have no key prefix: SCAN answers full names, which it would prefix again.
 */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<void> {
  if (!(redis instanceof Cluster)) return deleteFromNode(redis, prefix, (keys) => redis.del(...keys));
  for (const node of redis.nodes('master')) {
    try {
      await deleteFromNode(node, prefix, (keys) => Promise.all(keys.map((key) => node.del(key))));
    } catch (error) {
      // A master that died (a failover test) holds nothing any more; its replica is asked as a master.
      if (node.status !== 'end' && node.status !== 'close') throw error;
    }
  }
}

async function deleteFromNode(node: Redis, prefix: string, remove: (keys: string[]) => Promise<unknown>) {
  let cursor = '0';
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await remove(keys);
    cursor = next;
  } while (cursor !== '0');
}
