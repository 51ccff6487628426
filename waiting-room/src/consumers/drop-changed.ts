import type { MessageHandler } from '@ticketing/common';
import type { ConsumerDeps } from './deps.ts';

/** An organizer changed the drop: re-read it from PostgreSQL (older versions never overwrite newer). */
export function dropChanged(deps: ConsumerDeps): MessageHandler<'drop.changed'> {
  return (envelope) => deps.drops.reload(envelope.data.dropId);
}
