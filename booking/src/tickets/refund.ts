import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';
import { conflict, notFound } from '@ticketing/common';
import {
  addPaymentRefund,
  findPaymentOfOrder,
  itemPrices,
  lockOrder,
  orderSummary,
  setOrderStatus,
  type OrderStatus,
} from '../orders/repo.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { writeAudit } from '../audit/repo.ts';
import { revokeTickets, ticketsOfOrder } from './repo.ts';
import { takeBackSeats } from './seats-repo.ts';

export interface RefundOrderInput {
  orderId: string;
  /** The tickets to refund; all of the order's valid tickets when absent. */
  ticketIds?: readonly string[];
  /**
   * True: the seats go back on sale (available, version + 1). False: they are
   * blocked, off sale without a ticket, until an organizer releases them
   * (an artist's guest, a broken seat, a sale the organizer wants closed).
   */
  returnSeats: boolean;
  actorId: string;
  reason: string;
}

export interface RefundOrderResult {
  orderId: string;
  status: OrderStatus;
  ticketIds: string[];
  /** What this refund returns. */
  refundedCents: number;
  /** Everything refunded on the order so far. */
  totalRefundedCents: number;
  seatsReturned: boolean;
  refundId: string;
}

/**
 * Refunds an order, fully or some of its tickets, in one transaction: the
 * tickets are revoked (their codes stop admitting anyone), the seats go back
 * on sale or are blocked, the order's and payment's books are updated, and
 * the money's return is queued through the outbox (`payment.refund_requested`,
 * performed by the payments worker outside any transaction). Audited.
 */
export async function refundOrder(db: Database, input: RefundOrderInput): Promise<RefundOrderResult> {
  return db.transaction((sql) => applyRefund(sql, input), { retry: true });
}

/**
 * The refund itself, in the caller's transaction: for use cases that refund
 * as part of something larger (a refund run once per idempotency key, an
 * event's cancellation). Locks the order row first.
 */
export async function applyRefund(sql: Sql, input: RefundOrderInput): Promise<RefundOrderResult> {
  const order = await lockOrder(sql, input.orderId);
  if (!order) throw notFound('order_not_found', 'No such order');
  if (order.status !== 'paid' && order.status !== 'partially_refunded') {
    throw conflict('order_not_refundable', `An order that is ${order.status} cannot be refunded`, {
      details: { status: order.status },
    });
  }
  const tickets = await ticketsOfOrder(sql, order.id, true);
  const chosen = input.ticketIds
    ? input.ticketIds.map((id) => {
        const ticket = tickets.find((t) => t.id === id);
        if (!ticket) throw notFound('ticket_not_found', 'The order has no such ticket', { details: { ticketId: id } });
        if (ticket.status !== 'valid') {
          throw conflict('ticket_already_revoked', 'The ticket was already refunded', {
            details: { ticketId: id },
          });
        }
        return ticket;
      })
    : tickets.filter((t) => t.status === 'valid');
  const unique = [...new Map(chosen.map((t) => [t.id, t])).values()];
  if (unique.length === 0) throw conflict('order_not_refundable', 'The order has no valid tickets left');

  const prices = await itemPrices(sql, order.id);
  const amount = unique.reduce((sum, t) => sum + (prices.get(t.seat_id) ?? 0), 0);
  const ticketIds = unique.map((t) => t.id);
  await revokeTickets(sql, ticketIds);
  const seats = await takeBackSeats(
    sql,
    unique.map((t) => t.seat_id),
    input.returnSeats ? 'available' : 'blocked',
  );
  const stillValid = tickets.filter((t) => t.status === 'valid' && !ticketIds.includes(t.id)).length;
  const status: OrderStatus = stillValid === 0 ? 'refunded' : 'partially_refunded';
  await setOrderStatus(sql, order.id, status, { refundedCents: amount });

  const summary = orderSummary(order);
  const refundId = randomUUID();
  await enqueue(sql, 'order.refunded', {
    ...summary,
    refundedCents: amount,
    ticketIds,
    seatsReturned: input.returnSeats,
  });
  if (seats.length > 0) {
    await enqueue(sql, input.returnSeats ? 'seat.released' : 'seat.blocked', {
      eventId: order.event_id,
      dropId: order.drop_id,
      seats,
    });
  }
  const payment = await findPaymentOfOrder(sql, order.id);
  if (payment && amount > 0) {
    await addPaymentRefund(sql, payment.id, amount);
    await enqueue(sql, 'payment.refund_requested', {
      orderId: order.id,
      paymentId: payment.id,
      provider: payment.provider,
      providerRef: payment.provider_ref,
      amountCents: amount,
      currency: summary.currency,
      refundId,
    });
  }
  await writeAudit(sql, {
    actorId: input.actorId,
    action: 'order.refunded',
    subjectType: 'order',
    subjectId: order.id,
    details: { ticketIds, amountCents: amount, returnSeats: input.returnSeats, reason: input.reason, refundId },
  });
  return {
    orderId: order.id,
    status,
    ticketIds,
    refundedCents: amount,
    totalRefundedCents: order.refunded_cents + amount,
    seatsReturned: input.returnSeats,
    refundId,
  };
}
