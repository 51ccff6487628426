import type { MessageHandler } from '@ticketing/common';
import { endAdmission, type ConsumerDeps } from './deps.ts';

/** A fan paid: they are done, and their slot goes to the next fan at once. */
export function orderPaid(deps: ConsumerDeps): MessageHandler<'order.paid'> {
  return (envelope) => endAdmission(deps, envelope.data.dropId, envelope.data.userId, envelope.occurredAt, 'finished');
}
