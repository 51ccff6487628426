import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { insertPaidOrder, type World } from '@ticketing/booking/testing';
import type { Envelope, OrderSummary, TicketRef } from '@ticketing/common';

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

/** A paid order's rows, as booking leaves them, and the ids its messages carry. */
export async function createPaidOrder(
  pool: pg.Pool,
  world: World,
  seatIds: readonly string[],
  fan: { userId?: string; email: string | null; name?: string | null },
  priceCents = 4_500,
): Promise<PaidOrder> {
  const order = planPaidOrder(world, seatIds, fan, priceCents);
  await insertPaidOrder(pool, order);
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
