import type { Envelope, MessageContext } from '@ticketing/common';
import type { EventCatalog } from '../events/service.ts';

/**
 * `event.changed`: an event was created, edited, published, put on sale or
 * ended, or its venue changed; `event.cancelled`: it was called off. Its cached page and seat map are dropped, so
 * the next reader sees the event as booking has it now; a draft that was
 * asked for before it was published stops being remembered as missing.
 * Idempotent: forgetting twice is forgetting once.
 */
export function eventChangedHandler(catalog: Pick<EventCatalog, 'forget'>) {
  return async (envelope: Envelope<'event.changed' | 'event.cancelled'>, context: MessageContext): Promise<void> => {
    await catalog.forget(envelope.data.eventId);
    context.logger.debug({ eventId: envelope.data.eventId, type: envelope.type }, 'catalog: event changed');
  };
}
