import type { Sql } from '../db/sql.ts';

/*
 * The dashboard's PostgreSQL numbers for one drop. Orders are found through
 * their event (indexed) and then their drop; holds through the live-holds
 * partial index; seat counts through booking's inventory query.
 */

export interface SalesNumbers {
  sold: number;
  liveHolds: number;
}

export async function readSalesNumbers(sql: Sql, drop: { id: string; eventId: string }): Promise<SalesNumbers> {
  const [row] = await sql.query<{ sold: number; live_holds: number }>(
    `SELECT (SELECT count(*)::int
               FROM orders o JOIN tickets t ON t.order_id = o.id
              WHERE o.event_id = ? AND o.drop_id = ? AND t.status = 'valid') AS sold,
            (SELECT count(*)::int
               FROM holds h
              WHERE h.drop_id = ? AND h.status = 'active' AND h.expires_at > now()) AS live_holds`,
    [drop.eventId, drop.id, drop.id],
  );
  return { sold: row?.sold ?? 0, liveHolds: row?.live_holds ?? 0 };
}

export interface RevenueLine {
  currency: string;
  paidOrders: number;
  grossCents: number;
  refundedCents: number;
  netCents: number;
}

/** Orders that were paid (refunded ones included, for what they kept), per currency. */
export async function readRevenue(sql: Sql, drop: { id: string; eventId: string }): Promise<RevenueLine[]> {
  const rows = await sql.query<{ currency: string; paid_orders: number; gross: string; refunded: string }>(
    `SELECT currency, count(*)::int AS paid_orders, sum(total_cents)::text AS gross, sum(refunded_cents)::text AS refunded
       FROM orders
      WHERE event_id = ? AND drop_id = ? AND status IN ('paid', 'partially_refunded', 'refunded')
      GROUP BY currency ORDER BY currency`,
    [drop.eventId, drop.id],
  );
  return rows.map((row) => {
    const grossCents = Number(row.gross);
    const refundedCents = Number(row.refunded);
    return {
      currency: row.currency,
      paidOrders: row.paid_orders,
      grossCents,
      refundedCents,
      netCents: grossCents - refundedCents,
    };
  });
}
