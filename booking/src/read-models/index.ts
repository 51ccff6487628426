/*
 * Booking's read side: everything another service reads from booking's
 * tables, one file per read model with its SQL and a schema its rows are
 * parsed with. Callers pass their own read-only pool; booking's table layout
 * is known here and nowhere outside booking.
 *
 *   waiting room   drop-settings
 *   catalog        event-listing, seat-map, seat-availability, drop-openings
 *   notifier       order-facts, event-facts, drop-openings
 */
export type { Queryable } from './queryable.ts';
export { readDropSettings, type DropSettings } from './drop-settings.ts';
export {
  eventSorts,
  findPublishedEvent,
  searchEvents,
  sortValueOf,
  type EventSearch,
  type EventSort,
} from './event-listing.ts';
export { readSeatMap } from './seat-map.ts';
export {
  eventExists,
  readEventSeats,
  readEventSections,
  readLiveEventIds,
  type SeatAvailability,
  type SectionCapacity,
} from './seat-availability.ts';
export { findDropOpening, listDropsOpeningWithin, type DropOpening } from './drop-openings.ts';
export { readEventFacts, type EventFacts } from './event-facts.ts';
export { readOrderFacts, type OrderFacts, type SeatFacts } from './order-facts.ts';
