import type { Envelope, MessageContext } from '@ticketing/common';
import type { AvailabilityCache } from '../availability/cache.ts';
import type { EventCatalog } from '../events/service.ts';

/**
 * `seatmap.changed`: an event's tiers, sections or seats were replaced.
 * Seats may have appeared or gone, which no per-seat version can tell, so
 * the event's availability is rebuilt from PostgreSQL (read after the
 * change committed) and its cached documents are dropped. A rebuild already
 * running may have read the old map, so `busy` fails the message, and the
 * queue's retry rebuilds again once that one is done. Idempotent: a rebuild
 * reads whatever PostgreSQL says.
 */
export function seatMapChangedHandler(
  catalog: Pick<EventCatalog, 'forget'>,
  cache: Pick<AvailabilityCache, 'rebuild'>,
) {
  return async (envelope: Envelope<'seatmap.changed'>, context: MessageContext): Promise<void> => {
    const { eventId, version } = envelope.data;
    await catalog.forget(eventId);
    const outcome = await cache.rebuild(eventId);
    if (outcome === 'busy') throw new Error(`availability of event ${eventId} is being rebuilt by another reader`);
    context.logger.info({ eventId, version, outcome }, 'catalog: seat map changed; availability rebuilt');
  };
}
