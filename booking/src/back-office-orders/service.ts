import { notFound } from '@ticketing/common';
import type { Actor } from '../actor.ts';
import { once, type OnceResult } from '../back-office-requests/once.ts';
import type { Database } from '../db/database.ts';
import { uuidKeysetCursor } from '../db/keyset-cursor.ts';
import { applyRefund, type RefundOrderResult } from '../tickets/refund.ts';
import { applyReissue } from '../tickets/reissue.ts';
import {
  findOrderHead,
  findOrderPayment,
  searchOrders,
  ticketManagedBy,
  ticketsOfOrderWithSeats,
  type OrderHeadRow,
} from './repo.ts';
import type { OrderList, OrderListItem, OrderPage, OrderSearch, RefundRequest } from './schema.ts';
import { orderTimeline } from './timeline.ts';

/*
 * The admin's desk: find orders, read one with its story, refund, reissue.
 * Who may see what is the Actor rule (an admin everything, an organizer the
 * orders of their own events, anything else as if it did not exist). Refund
 * and reissue run once per idempotency key (back-office-requests/once.ts),
 * each in one transaction with the change, its outbox rows and its audit row.
 */

const orderNotFound = () => notFound('order_not_found', 'No such order');

export async function findOrders(db: Database, actor: Actor, search: OrderSearch): Promise<OrderList> {
  const after = uuidKeysetCursor.decode(search.cursor);
  const rows = await db.read((sql) => searchOrders(sql, actor, { ...search, after, limit: search.limit + 1 }));
  const shown = rows.slice(0, search.limit);
  const last = shown.at(-1);
  return {
    orders: shown.map(presentOrder),
    nextCursor:
      rows.length > search.limit && last ? uuidKeysetCursor.encode({ at: last.cursor_at, id: last.id }) : null,
  };
}

export async function readOrderPage(db: Database, actor: Actor, orderId: string): Promise<OrderPage> {
  return db.read(async (sql) => {
    const order = await findOrderHead(sql, actor, orderId);
    if (!order) throw orderNotFound();
    const payment = await findOrderPayment(sql, order.id);
    const tickets = await ticketsOfOrderWithSeats(sql, order.id);
    const timeline = await orderTimeline(
      sql,
      order,
      tickets.map((t) => t.id),
    );
    return {
      ...presentOrder(order),
      holdId: order.hold_id,
      payment: payment
        ? {
            paymentId: payment.id,
            provider: payment.provider,
            providerRef: payment.provider_ref,
            status: payment.status,
            amountCents: payment.amount_cents,
            refundedCents: payment.refunded_cents,
          }
        : null,
      tickets: tickets.map((t) => ({
        ticketId: t.id,
        seatId: t.seat_id,
        section: t.section,
        row: t.row_label,
        seat: t.seat_label,
        priceCents: t.price_cents,
        version: t.version,
        status: t.status,
        issuedAt: t.issued_at,
        revokedAt: t.revoked_at,
        usedAt: t.used_at,
        usedGateId: t.used_gate,
      })),
      timeline,
    };
  });
}

/**
 * A refund, once per idempotency key: ten copies of one request (a double
 * click, a retry after a timeout, all at the same moment) refund once, move
 * money once (one `payment.refund_requested`, keyed by its refund id) and
 * all answer what the first one did.
 */
export async function refundOrderOnce(
  db: Database,
  actor: Actor,
  input: RefundRequest & { orderId: string; idempotencyKey: string },
): Promise<OnceResult<RefundOrderResult>> {
  const request = {
    orderId: input.orderId,
    ticketIds: input.ticketIds ? [...new Set(input.ticketIds)].sort() : null,
    returnSeats: input.returnSeats,
    reason: input.reason,
  };
  return db.transaction(
    (sql) =>
      once(sql, { actorId: actor.id, key: input.idempotencyKey, action: 'order.refund', request }, async () => {
        const order = await findOrderHead(sql, actor, input.orderId);
        if (!order) throw orderNotFound();
        return applyRefund(sql, {
          orderId: order.id,
          ...(request.ticketIds ? { ticketIds: request.ticketIds } : {}),
          returnSeats: input.returnSeats,
          actorId: actor.id,
          reason: input.reason,
        });
      }),
    { retry: true },
  );
}

export interface ReissueAnswer {
  ticketId: string;
  orderId: string;
  seatId: string;
  eventId: string;
  version: number;
  previousVersion: number;
}

/** A new code for a ticket, once per idempotency key (so a double click mails the fan once). */
export async function reissueTicketOnce(
  db: Database,
  actor: Actor,
  input: { ticketId: string; idempotencyKey: string; reason: string },
): Promise<OnceResult<ReissueAnswer>> {
  const request = { ticketId: input.ticketId, reason: input.reason };
  return db.transaction(
    (sql) =>
      once(sql, { actorId: actor.id, key: input.idempotencyKey, action: 'ticket.reissue', request }, async () => {
        if (!(await ticketManagedBy(sql, actor, input.ticketId))) {
          throw notFound('ticket_not_found', 'No such ticket');
        }
        const reissued = await applyReissue(sql, { ticketId: input.ticketId, actorId: actor.id, reason: input.reason });
        return {
          ticketId: reissued.ticketId,
          orderId: reissued.orderId,
          seatId: reissued.seatId,
          eventId: reissued.eventId,
          version: reissued.version,
          previousVersion: reissued.previousVersion,
        };
      }),
    { retry: true },
  );
}

function presentOrder(row: OrderHeadRow): OrderListItem {
  return {
    orderId: row.id,
    status: row.status as OrderListItem['status'],
    userId: row.user_id,
    email: row.user_email,
    name: row.user_name,
    event: {
      eventId: row.event_id,
      name: row.event_name,
      startsAt: row.event_starts_at,
      timezone: row.event_timezone,
    },
    dropId: row.drop_id,
    totalCents: row.total_cents,
    refundedCents: row.refunded_cents,
    currency: row.currency.trim(),
    createdAt: row.created_at,
    paidAt: row.paid_at,
    ticketCounts: { total: row.tickets_total, valid: row.tickets_valid },
  };
}
