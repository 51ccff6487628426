import { z } from 'zod';
import { id } from '../ids.ts';
import { orderStatus } from '../orders/schema.ts';

export const listOrdersInput = {
  query: z.object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    /** `nextCursor` of the previous page. */
    cursor: z.string().min(1).max(200).optional(),
  }),
};

export const orderParams = { params: z.object({ id }) };

export const listTicketsInput = {
  query: z.object({ eventId: id.optional() }),
};

const eventRef = z.object({
  eventId: z.uuid(),
  name: z.string(),
  startsAt: z.string(),
  venue: z.string(),
  city: z.string(),
});

export const orderItem = z.object({
  seatId: z.uuid(),
  section: z.string(),
  row: z.string(),
  seat: z.string(),
  priceCents: z.number().int(),
});

export const ticketView = z.object({
  ticketId: z.uuid(),
  orderId: z.uuid(),
  event: eventRef,
  seatId: z.uuid(),
  section: z.string(),
  row: z.string(),
  seat: z.string(),
  version: z.number().int().positive(),
  status: z.enum(['valid', 'revoked']),
  /** The signed QR payload at the ticket's current version; null once revoked. */
  code: z.string().nullable(),
  issuedAt: z.string(),
  usedAt: z.string().nullable(),
});

export const orderView = z.object({
  orderId: z.uuid(),
  status: orderStatus,
  event: eventRef,
  totalCents: z.number().int(),
  refundedCents: z.number().int(),
  currency: z.string().length(3),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  /** Until when a pending order can still be paid (its hold's expiry). */
  expiresAt: z.string(),
  items: z.array(orderItem),
  payment: z
    .object({
      paymentId: z.uuid(),
      provider: z.enum(['stripe', 'dev']),
      status: z.string(),
      /** Present while the order awaits payment, so checkout can resume. */
      clientSecret: z.string().optional(),
      confirmUrl: z.string().optional(),
    })
    .nullable(),
});

export const orderPage = z.object({ orders: z.array(orderView), nextCursor: z.string().nullable() });
export const orderDetail = orderView.extend({ tickets: z.array(ticketView) });
export const ticketList = z.object({ tickets: z.array(ticketView) });

export type OrderView = z.input<typeof orderView>;
export type TicketView = z.input<typeof ticketView>;
