import { randomUUID } from 'node:crypto';
import type { OrderSummary, TicketRef } from '@ticketing/common';
import type { Queryable } from '../read-models/queryable.ts';

/**
 * The rows of a paid order as booking leaves them: the hold converted, the
 * seats sold, one item and one valid ticket per seat. Written directly, not
 * through the order and payment use cases, so services that only read
 * orders (the notifier) can stage exactly the order a message speaks of,
 * before or after the message arrives.
 */
export async function insertPaidOrder(
  db: Queryable,
  order: { summary: OrderSummary; tickets: readonly TicketRef[] },
): Promise<void> {
  const { summary, tickets } = order;
  const seatIds = tickets.map((t) => t.seatId);
  const priceCents = summary.totalCents / Math.max(1, seatIds.length);
  const holdId = randomUUID();
  await db.query(
    `INSERT INTO holds (id, event_id, drop_id, user_id, status, seat_count, expires_at, ended_at)
     VALUES ($1, $2, $3, $4, 'converted', $5, now() + interval '10 minutes', now())`,
    [holdId, summary.eventId, summary.dropId, summary.userId, seatIds.length],
  );
  await db.query(
    `INSERT INTO orders (id, user_id, user_email, user_name, event_id, drop_id, hold_id, idempotency_key,
                         status, total_cents, currency, paid_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'paid', $9, $10, now())`,
    [
      summary.orderId,
      summary.userId,
      summary.email,
      summary.name,
      summary.eventId,
      summary.dropId,
      holdId,
      randomUUID(),
      summary.totalCents,
      summary.currency,
    ],
  );
  await db.query(`INSERT INTO order_items (order_id, seat_id, price_cents) SELECT $1, unnest($2::uuid[]), $3`, [
    summary.orderId,
    seatIds,
    priceCents,
  ]);
  await db.query(`UPDATE seats SET status = 'sold', version = version + 1 WHERE id = ANY($1::uuid[])`, [seatIds]);
  await db.query(
    `INSERT INTO tickets (id, order_id, seat_id, event_id, user_id, version)
     SELECT t.id, $1, t.seat_id, $2, $3, t.version FROM unnest($4::uuid[], $5::uuid[], $6::int[]) AS t(id, seat_id, version)`,
    [
      summary.orderId,
      summary.eventId,
      summary.userId,
      tickets.map((t) => t.ticketId),
      seatIds,
      tickets.map((t) => t.version),
    ],
  );
}
