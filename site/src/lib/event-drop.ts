import type { EventDetail, EventDrop } from './catalog.ts';
import { catalogForRequest } from './request.ts';

/** The event and one of its drops, for the pages of a sale; `missing` when either is unknown. */
export type EventDropResult =
  { kind: 'ok'; event: EventDetail; drop: EventDrop } | { kind: 'missing' } | { kind: 'unavailable' };

export async function eventDrop(eventId: string, dropId: string): Promise<EventDropResult> {
  const { catalog } = catalogForRequest();
  const event = await catalog.getEvent(eventId);
  if (event.kind === 'unavailable') return { kind: 'unavailable' };
  if (event.kind === 'not_found') return { kind: 'missing' };
  const drop = event.value.drops.find((d) => d.id === dropId);
  return drop ? { kind: 'ok', event: event.value, drop } : { kind: 'missing' };
}
