import type { MessageHandler } from '@ticketing/common';
import { endAdmission, type ConsumerDeps } from './deps.ts';

/** A fan's order lapsed unpaid (they were not charged): their slot is free. */
export function orderExpired(deps: ConsumerDeps): MessageHandler<'order.expired_not_charged'> {
  return (envelope) => endAdmission(deps, envelope.data.dropId, envelope.data.userId, envelope.occurredAt, 'abandoned');
}
