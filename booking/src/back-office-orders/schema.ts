import { z } from 'zod';
import { id } from '../ids.ts';
import { orderStatus } from '@ticketing/common/contracts/desk';

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

export {
  orderList,
  orderListItem,
  orderPage,
  orderTicket,
  timelineEntry,
  type OrderList,
  type OrderListItem,
  type OrderPage,
  type TimelineEntry,
} from '@ticketing/common/contracts/desk';

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
