import type { RedisClient } from '@ticketing/common';
import type { DropDirectory } from '../drops/drop-directory.ts';
import { dropKeys } from '../store/keys.ts';
import { withQueueStore } from '../store/redis-errors.ts';
import { entryIdOf, permutationAlgorithm } from './permutation.ts';
import type { FairnessRecord } from './schema.ts';

export interface FairnessService {
  record(dropId: string): Promise<FairnessRecord>;
  /** The drop was retired: its cached record need not be kept. */
  forget(dropId: string): void;
}

/**
 * Publishes the seed's commitment before the start and, once the pre-queue
 * has been ordered, the seed and the entry ids it ordered. Fans appear only
 * by entry id (a hash of drop and user id), so the record names nobody.
 */
export function createFairnessService(redis: RedisClient, prefix: string, drops: DropDirectory): FairnessService {
  // A revealed record never changes again.
  const revealed = new Map<string, FairnessRecord>();
  return {
    async record(dropId) {
      const done = revealed.get(dropId);
      if (done) return done;
      const config = await drops.config(dropId);
      const keys = dropKeys(prefix, dropId);
      const [seed, seedHash, committedAt, placed, placedAt, prequeueSize, pending] = await withQueueStore(async () => [
        ...(await redis.hmget(keys.state, 'seed', 'seedHash', 'seedCommittedAt', 'placed', 'placedAt', 'prequeueSize')),
        String(await redis.scard(keys.prequeue)),
      ]);
      const base = {
        dropId,
        algorithm: permutationAlgorithm,
        seedCommitment: seedHash ?? '',
        committedAt: new Date(Number(committedAt ?? 0)).toISOString(),
        opensAt: new Date(config.opensAt).toISOString(),
      };
      if (placed !== '1' || !seed) {
        return { ...base, revealed: false, prequeueSize: Number(pending ?? 0) };
      }
      const users = await withQueueStore(() => redis.lrange(keys.prequeueOrder, 0, -1));
      const order = users.map((userId) => entryIdOf(dropId, userId));
      const record: FairnessRecord = {
        ...base,
        revealed: true,
        prequeueSize: Number(prequeueSize ?? order.length),
        seed,
        placedAt: new Date(Number(placedAt ?? 0)).toISOString(),
        entrants: [...order].sort(),
        order,
      };
      revealed.set(dropId, record);
      return record;
    },
    forget(dropId) {
      revealed.delete(dropId);
    },
  };
}
