import type { RedisClient } from '@ticketing/common';
import type { Logger } from '@ticketing/common';
import { entryIdOf, orderBySeed } from '../fairness/permutation.ts';
import { dropKeys } from '../store/keys.ts';
import { runDropScript, scripts } from '../store/scripts.ts';

/**
 * At the start, fixes the pre-queue's order from the committed seed. Any
 * instance may do it; the script accepts only an order covering exactly the
 * fans pre-queued, once, so racing instances or a fan leaving meanwhile
 * simply make the next tick try again.
 */
export async function placePrequeue(
  redis: RedisClient,
  prefix: string,
  dropId: string,
  logger: Logger,
): Promise<string> {
  const keys = dropKeys(prefix, dropId);
  const [members, seed] = await Promise.all([redis.smembers(keys.prequeue), redis.hget(keys.state, 'seed')]);
  if (!seed) throw new Error(`drop ${dropId} has no committed seed`);
  const order = orderBySeed(seed, members, (userId) => entryIdOf(dropId, userId));
  const outcome = String(await runDropScript(redis, prefix, scripts.place, dropId, order));
  if (outcome === 'placed') logger.info({ dropId, prequeued: order.length }, 'pre-queue placed in seeded order');
  return outcome;
}
