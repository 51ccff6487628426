import { z } from 'zod';

/*
 * Orders as the back office answers them (`GET /orders`, `GET /orders/:id`)
 * and the admin's desk reads them. Zod only: the site's pages import this file too.
 */

export const orderStatus = z.enum([
  'pending_payment',
  'paid',
  'expired_not_charged',
  'cancelled',
  'refunded',
  'partially_refunded',
]);
export type OrderStatus = z.infer<typeof orderStatus>;

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
