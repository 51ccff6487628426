import type { RedisClient } from '@ticketing/common';
import type { DropDirectory } from '../drops/drop-directory.ts';
import { runDropScript, scripts } from '../store/scripts.ts';

export interface ConsumerDeps {
  redis: RedisClient;
  prefix: string;
  drops: DropDirectory;
}

/**
 * Tolerated difference between booking's clock (a message's occurredAt) and
 * Redis's (an admission's time) when telling a message about this admission
 * from one about the fan's previous admission.
 */
export const clockSkewMs = 2_000;

/** Frees an admitted fan's slot; a no-op if they are not admitted (a repeat, or already expired). */
export async function endAdmission(
  deps: ConsumerDeps,
  dropId: string,
  userId: string,
  occurredAt: string,
  outcome: 'finished' | 'abandoned',
): Promise<void> {
  await runDropScript(deps.redis, deps.prefix, scripts.finish, dropId, [
    userId,
    Date.parse(occurredAt),
    outcome,
    clockSkewMs,
  ]);
}
