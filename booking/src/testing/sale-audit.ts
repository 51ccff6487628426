import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * What PostgreSQL says about one event's sale, read once, for a test that
 * compares it with what clients were told, what the payment provider did,
 * what was mailed and what the catalog shows.
 */
export interface SaleAudit {
  orders: Array<{
    orderId: string;
    userId: string;
    status: string;
    paymentId: string | null;
    providerRef: string | null;
    paymentStatus: string | null;
    /** The seats of the order's hold. */
    seatIds: string[];
  }>;
  tickets: Array<{ ticketId: string; orderId: string; seatId: string; userId: string; status: string }>;
  seats: Array<{ seatId: string; status: string }>;
  /** Outbox rows not yet published (of any event: the outbox is the service's, not the sale's). */
  unpublished: number;
  activeHolds: number;
}

export async function readSaleAudit(em: EntityManager, eventId: string): Promise<SaleAudit> {
  const orders = await em.execute<SaleAudit['orders']>(
    `SELECT o.id AS "orderId", o.user_id AS "userId", o.status, p.id AS "paymentId", p.provider_ref AS "providerRef",
            p.status AS "paymentStatus",
            coalesce((SELECT array_agg(hs.seat_id::text ORDER BY hs.seat_id) FROM hold_seats hs
                       WHERE hs.hold_id = o.hold_id), '{}') AS "seatIds"
       FROM orders o LEFT JOIN payments p ON p.order_id = o.id
      WHERE o.event_id = ? ORDER BY o.id`,
    [eventId],
  );
  const tickets = await em.execute<SaleAudit['tickets']>(
    `SELECT id AS "ticketId", order_id AS "orderId", seat_id AS "seatId", user_id AS "userId", status
       FROM tickets WHERE event_id = ? ORDER BY id`,
    [eventId],
  );
  const seats = await em.execute<SaleAudit['seats']>(
    'SELECT id AS "seatId", status FROM seats WHERE event_id = ? ORDER BY id',
    [eventId],
  );
  const [counts] = await em.execute<Array<{ unpublished: number; active: number }>>(
    `SELECT (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS unpublished,
            (SELECT count(*)::int FROM holds WHERE event_id = ? AND status = 'active') AS active`,
    [eventId],
  );
  return { orders, tickets, seats, unpublished: counts?.unpublished ?? -1, activeHolds: counts?.active ?? -1 };
}
