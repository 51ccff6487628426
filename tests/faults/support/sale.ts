import {
  connectBookingTestDatabase,
  createDrop,
  createEvent,
  createPriceTier,
  createSection,
  createVenue,
} from '@ticketing/booking/testing';

/** The sale the fans compete for: one event, one reserved section, one open queued drop. */
export interface FaultSale {
  eventId: string;
  dropId: string;
  seatIds: string[];
  priceCents: number;
}

export interface FaultSaleOptions {
  seats: number;
  holdSeconds: number;
  releaseRatePerMinute: number;
  maxActive: number;
  perUserLimit: number;
}

export async function createFaultSale(databaseUrl: string, options: FaultSaleOptions): Promise<FaultSale> {
  const booking = await connectBookingTestDatabase(databaseUrl);
  try {
    const em = booking.sql();
    const venue = await createVenue(em, { name: 'Quayside Arena', city: 'Porto' });
    const event = await createEvent(em, { venueId: venue.id, name: 'Storm Season Live' });
    const priceCents = 3_900;
    const tier = await createPriceTier(em, event.id, { name: 'Floor', priceCents, currency: 'EUR' });
    const drop = await createDrop(em, event.id, {
      name: 'Flash sale',
      size: options.seats,
      holdSeconds: options.holdSeconds,
      perUserLimit: options.perUserLimit,
      queueEnabled: true,
      paused: false,
      releaseRatePerMinute: options.releaseRatePerMinute,
      maxActive: options.maxActive,
    });
    const section = await createSection(em, event, tier, { name: 'Floor', seats: options.seats, dropId: drop.id });
    return { eventId: event.id, dropId: drop.id, seatIds: section.seatIds, priceCents };
  } finally {
    await booking.close();
  }
}
