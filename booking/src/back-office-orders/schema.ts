import { z } from 'zod';
import { id } from '../ids.ts';
import { orderStatus } from '../orders/schema.ts';

/* The admin's view of orders: the search, the order page, and the answers of refunds and reissues. */

export const orderSearch = z.object({
  /**
   * An order or ticket id (exact), an e-mail address (exact, any case: it
   * has an `@`) or any part of the buyer's name (any case).
   */
  q: z.string().trim().min(1).max(200).optional(),
  eventId: id.optional(),
  status: orderStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(300).optional(),
});
export type OrderSearch = z.output<typeof orderSearch>;

export const orderListItem = z.object({
  orderId: z.string(),
  status: orderStatus,
  userId: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  /** `timezone` is the venue's (IANA): pages show every time of the event in it. */
  event: z.object({ eventId: z.string(), name: z.string(), startsAt: z.string(), timezone: z.string() }),
  dropId: z.string(),
  totalCents: z.number().int(),
  refundedCents: z.number().int(),
  currency: z.string(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  ticketCounts: z.object({ total: z.number().int(), valid: z.number().int() }),
});
export type OrderListItem = z.infer<typeof orderListItem>;

export const orderList = z.object({ orders: z.array(orderListItem), nextCursor: z.string().nullable() });
export type OrderList = z.infer<typeof orderList>;

export const orderTicket = z.object({
  ticketId: z.string(),
  seatId: z.string(),
  section: z.string(),
  row: z.string(),
  seat: z.string(),
  priceCents: z.number().int(),
  version: z.number().int(),
  status: z.enum(['valid', 'revoked']),
  issuedAt: z.string(),
  revokedAt: z.string().nullable(),
  usedAt: z.string().nullable(),
  usedGateId: z.string().nullable(),
});

/**
 * One thing that happened to the order, oldest first. `kind` is one of:
 * `hold.placed`, `hold.ended`, `order.placed`, `order.paid`, `email` (a
 * message the notifier mails the fan about; `publishedAt` says when it was
 * handed to the notifier, null while it waits in the outbox), `message`
 * (any other message about the order, such as a payment command), an audit
 * action (`order.refunded`, `ticket.reissued`, `event.cancelled`), `scan`.
 */
export const timelineEntry = z.object({
  at: z.string(),
  kind: z.string(),
  actorId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const orderPage = orderListItem.extend({
  holdId: z.string(),
  payment: z
    .object({
      paymentId: z.string(),
      provider: z.string(),
      providerRef: z.string().nullable(),
      status: z.string(),
      amountCents: z.number().int(),
      refundedCents: z.number().int(),
    })
    .nullable(),
  tickets: z.array(orderTicket),
  timeline: z.array(timelineEntry),
});
export type OrderPage = z.infer<typeof orderPage>;

export const refundRequest = z
  .object({
    /** The tickets to refund; every valid one when absent. */
    ticketIds: z.array(id).min(1).max(50).optional(),
    /** True: the seats go back on sale. False: they stay off sale (blocked) until an organizer releases them. */
    returnSeats: z.boolean(),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();
export type RefundRequest = z.output<typeof refundRequest>;

export const refundAnswer = z.object({
  orderId: z.string(),
  status: orderStatus,
  ticketIds: z.array(z.string()),
  refundedCents: z.number().int(),
  totalRefundedCents: z.number().int(),
  seatsReturned: z.boolean(),
  refundId: z.string(),
});

export const reissueRequest = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

export const reissueAnswer = z.object({
  ticketId: z.string(),
  orderId: z.string(),
  seatId: z.string(),
  eventId: z.string(),
  version: z.number().int(),
  previousVersion: z.number().int(),
});

/** The header every money- or mail-moving back-office command needs: a retry with the same key is answered once. */
export const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200) });
