import {
  createDrop,
  createEvent,
  createPriceTier,
  createSection,
  createVenue,
  type DropRow,
  type EventRow,
  type PriceTierRow,
  type SectionRow,
} from '@ticketing/booking/testing';

/** Booking's entity manager, as its factories take it. */
type EntityManager = Parameters<typeof createVenue>[0];

/** A small sale behind the waiting room: one event, one reserved section, one open queued drop. */
export interface JourneySale {
  event: EventRow;
  tier: PriceTierRow;
  section: SectionRow;
  drop: DropRow;
  seatIds: string[];
}

export const saleSeats = 6;
export const seatPriceCents = 4_500;

export async function createJourneySale(em: EntityManager): Promise<JourneySale> {
  const venue = await createVenue(em, { name: 'Harbour Hall', city: 'Lisbon' });
  const event = await createEvent(em, { venueId: venue.id, name: 'Harbour Lights Live' });
  const tier = await createPriceTier(em, event.id, { name: 'Stalls', priceCents: seatPriceCents, currency: 'EUR' });
  // The premise of the journey, stated rather than left to column defaults: the drop is queued and lets fans in.
  const drop = await createDrop(em, event.id, {
    name: 'General sale',
    size: saleSeats,
    perUserLimit: 4,
    queueEnabled: true,
    paused: false,
    releaseRatePerMinute: 600,
    maxActive: 100,
  });
  const section = await createSection(em, event, tier, { name: 'Stalls', seats: saleSeats, dropId: drop.id });
  return { event, tier, section, drop, seatIds: section.seatIds };
}
