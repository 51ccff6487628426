import type { EntityManager } from '@mikro-orm/postgresql';
import { createDrop, createEvent, createPriceTier, createSection } from '@ticketing/booking/testing';
import type { TestIdentity } from '@ticketing/booking/testing';

/** One event on sale with one reserved section, and the fans who will try to hold its seats. */
export interface Sale {
  eventId: string;
  dropId: string;
  seatIds: string[];
}

export async function createBenchSale(
  em: EntityManager,
  options: { seats: number; perUserLimit: number; queue: boolean },
): Promise<Sale> {
  const event = await createEvent(em);
  const tier = await createPriceTier(em, event.id, { priceCents: 6_000 });
  const drop = await createDrop(em, event.id, {
    size: options.seats,
    perUserLimit: options.perUserLimit,
    queueEnabled: options.queue,
  });
  // Large sections are written in slices, so no single statement carries tens of thousands of ids.
  const seatIds: string[] = [];
  for (let made = 0; made < options.seats; made += 5_000) {
    const section = await createSection(em, event, tier, {
      seats: Math.min(5_000, options.seats - made),
      dropId: drop.id,
      rowLabel: `R${made / 5_000 + 1}`,
    });
    seatIds.push(...section.seatIds);
  }
  return { eventId: event.id, dropId: drop.id, seatIds };
}

export interface Fan {
  id: string;
  accessToken: string;
  admissionToken: string;
}

export async function createFans(identity: TestIdentity, sale: Sale, count: number, prefix: string): Promise<Fan[]> {
  const fans: Fan[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    fans.push({
      id,
      accessToken: await identity.accessToken(id, { expiresInSeconds: 4 * 3600 }),
      admissionToken: await identity.admissionToken({
        sub: id,
        drop: sale.dropId,
        event: sale.eventId,
        maxSeats: 4,
        exp: Math.floor(Date.now() / 1000) + 4 * 3600,
      }),
    });
  }
  return fans;
}

export { holdInvariants as inventoryOf, type HoldInvariants as Inventory } from '@ticketing/booking/testing';
