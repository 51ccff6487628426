import type { MessageHandler } from '@ticketing/common';
import { runDropScript, scripts } from '../store/scripts.ts';
import { clockSkewMs, type ConsumerDeps } from './deps.ts';

/**
 * A fan released their hold or let it expire. Booking lets them choose again
 * while their admission token is valid, so their slot stays taken until the
 * end of their admission window (freed at once if that has passed). A hold
 * converted into an order keeps the slot until the order is paid or lapses.
 */
export function holdEnded(deps: ConsumerDeps): MessageHandler<'hold.ended'> {
  return async (envelope) => {
    const { reason, dropId, userId } = envelope.data;
    if (reason === 'converted') return;
    await runDropScript(deps.redis, deps.prefix, scripts.holdEnded, dropId, [
      userId,
      Date.parse(envelope.occurredAt),
      clockSkewMs,
    ]);
  };
}
