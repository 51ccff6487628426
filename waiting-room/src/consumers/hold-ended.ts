import type { MessageHandler } from '@ticketing/common/messaging/consumer';
import { endAdmission, type ConsumerDeps } from './deps.ts';

/**
 * A fan released their hold or let it expire: they gave up, and the slot
 * frees at once. A hold converted into an order keeps the slot until the
 * order is paid or lapses.
 */
export function holdEnded(deps: ConsumerDeps): MessageHandler<'hold.ended'> {
  return async (envelope) => {
    const { reason, dropId, userId } = envelope.data;
    if (reason === 'converted') return;
    await endAdmission(deps, dropId, userId, envelope.occurredAt, 'abandoned');
  };
}
