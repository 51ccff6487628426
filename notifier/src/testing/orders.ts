import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Envelope, OrderSummary, TicketRef } from '@ticketing/common';
import type { World } from '@ticketing/catalog/testing/world';

export interface PaidOrder {
  summary: OrderSummary;
  tickets: TicketRef[];
}

/** The ids and message of a paid order, before (or without) its rows. */
export function planPaidOrder(
  world: World,
  seatIds: readonly string[],
  fan: { userId?: string; email: string | null; name?: string | null },
  priceCents = 4_500,
): PaidOrder {
  const userId = fan.userId ?? `fan-${randomUUID().slice(0, 8)}`;
  const orderId = randomUUID();
  return {
    summary: {
      orderId,
      userId,
      email: fan.email,
      name: fan.name ?? null,
      eventId: world.eventId,
      dropId: world.dropId,
      totalCents: priceCents * seatIds.length,
      currency: 'EUR',
    },
    tickets: seatIds.map((seatId) => ({
      ticketId: randomUUID(),
      orderId,
      seatId,
      eventId: world.eventId,
      userId,
      version: 1,
    })),
  };
}

/**
 * The rows of a paid order as booking leaves them: the hold converted, the
 * seats sold, one item and one valid ticket per seat.
 */
export async function insertPaidOrder(pool: pg.Pool, world: World, order: PaidOrder): Promise<void> {
  const { summary, tickets } = order;
  const seatIds = tickets.map((t) => t.seatId);
  const priceCents = summary.totalCents / Math.max(1, seatIds.length);
  const holdId = randomUUID();
  await pool.query(
    `INSERT INTO holds (id, event_id, drop_id, user_id, status, seat_count, expires_at, ended_at)
     VALUES ($1, $2, $3, $4, 'converted', $5, now() + interval '10 minutes', now())`,
    [holdId, world.eventId, world.dropId, summary.userId, seatIds.length],
  );
  await pool.query(
    `INSERT INTO orders (id, user_id, user_email, user_name, event_id, drop_id, hold_id, idempotency_key,
                         status, total_cents, currency, paid_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'paid', $9, 'EUR', now())`,
    [
      summary.orderId,
      summary.userId,
      summary.email,
      summary.name,
      world.eventId,
      world.dropId,
      holdId,
      randomUUID(),
      summary.totalCents,
    ],
  );
  await pool.query(`INSERT INTO order_items (order_id, seat_id, price_cents) SELECT $1, unnest($2::uuid[]), $3`, [
    summary.orderId,
    seatIds,
    priceCents,
  ]);
  await pool.query(`UPDATE seats SET status = 'sold', version = version + 1 WHERE id = ANY($1::uuid[])`, [seatIds]);
  await pool.query(
    `INSERT INTO tickets (id, order_id, seat_id, event_id, user_id)
     SELECT t.id, $1, t.seat_id, $2, $3 FROM unnest($4::uuid[], $5::uuid[]) AS t(id, seat_id)`,
    [summary.orderId, world.eventId, summary.userId, tickets.map((t) => t.ticketId), seatIds],
  );
}

export async function createPaidOrder(
  pool: pg.Pool,
  world: World,
  seatIds: readonly string[],
  fan: { userId?: string; email: string | null; name?: string | null },
  priceCents = 4_500,
): Promise<PaidOrder> {
  const order = planPaidOrder(world, seatIds, fan, priceCents);
  await insertPaidOrder(pool, world, order);
  return order;
}

export function orderPaidEnvelope(order: PaidOrder): Envelope<'order.paid'> {
  return {
    id: randomUUID(),
    type: 'order.paid',
    occurredAt: new Date().toISOString(),
    data: { ...order.summary, tickets: order.tickets },
  };
}
