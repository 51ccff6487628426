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
  const drop = await createDrop(em, event.id, { size: options.seats, perUserLimit: options.perUserLimit });
  await em.execute('UPDATE drops SET queue_enabled = ? WHERE id = ?', [options.queue, drop.id]);
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

export interface Inventory {
  activeHolds: number;
  heldSeats: number;
  /** Seats that appear in more than one active hold: must be 0. */
  doublyHeld: number;
  /** Active holds whose seats are not all theirs: must be 0. */
  partial: number;
}

export async function inventoryOf(em: EntityManager, dropId: string): Promise<Inventory> {
  const [row] = await em.execute<Array<{ active: number; held: number; doubly: number; partial: number }>>(
    `WITH d AS (SELECT ?::uuid AS id)
     SELECT (SELECT count(*)::int FROM holds h, d WHERE h.drop_id = d.id AND h.status = 'active') AS active,
            (SELECT count(*)::int FROM seats s, d WHERE s.drop_id = d.id AND s.status = 'held') AS held,
            (SELECT count(*)::int FROM (SELECT hs.seat_id FROM hold_seats hs JOIN holds h ON h.id = hs.hold_id, d
                                         WHERE h.drop_id = d.id AND h.status = 'active'
                                         GROUP BY hs.seat_id HAVING count(*) > 1) x) AS doubly,
            (SELECT count(*)::int FROM holds h, d WHERE h.drop_id = d.id AND h.status = 'active'
                AND h.seat_count <> (SELECT count(*) FROM seats s WHERE s.hold_id = h.id)) AS partial`,
    [dropId],
  );
  return {
    activeHolds: row?.active ?? -1,
    heldSeats: row?.held ?? -1,
    doublyHeld: row?.doubly ?? -1,
    partial: row?.partial ?? -1,
  };
}
