import type { MessageHandler } from '@ticketing/common';
import { runDropScript, scripts } from '../store/scripts.ts';
import { clockSkewMs, type ConsumerDeps } from './deps.ts';

/**
 * A fan made a hold: they are busy booking, so their slot stays taken until
 * the hold ends (an admission window that runs out mid-checkout must not
 * let an extra fan in). The hold's own end frees it.
 */
export function holdCreated(deps: ConsumerDeps): MessageHandler<'hold.created'> {
  return async (envelope) => {
    const { dropId, userId, expiresAt } = envelope.data;
    await runDropScript(deps.redis, deps.prefix, scripts.extend, dropId, [
      userId,
      Date.parse(expiresAt),
      Date.parse(envelope.occurredAt),
      clockSkewMs,
    ]);
  };
}
