import { z } from 'zod';
import { holdCreated, holdStatus } from '@ticketing/common/contracts/holds';
import { callApi, type ApiAnswer, type FanContext } from './client.ts';

/** Booking's documents, as far as the storefront reads them; a hold's shape is the shared contract. */
export const hold = holdCreated.extend({ status: holdStatus.optional() });
export type Hold = z.infer<typeof hold>;

const eventRef = z.object({
  eventId: z.string(),
  name: z.string(),
  startsAt: z.string(),
  venue: z.string(),
  city: z.string(),
});

export const ticket = z.object({
  ticketId: z.string(),
  orderId: z.string(),
  event: eventRef,
  seatId: z.string(),
  section: z.string(),
  row: z.string(),
  seat: z.string(),
  version: z.number().int(),
  status: z.enum(['valid', 'revoked']),
  code: z.string().nullable(),
  issuedAt: z.string(),
  usedAt: z.string().nullable(),
});
export type Ticket = z.infer<typeof ticket>;

export const order = z.object({
  orderId: z.string(),
  status: z.enum(['pending_payment', 'paid', 'expired_not_charged', 'cancelled', 'refunded', 'partially_refunded']),
  event: eventRef,
  totalCents: z.number().int(),
  refundedCents: z.number().int(),
  currency: z.string(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  expiresAt: z.string(),
  items: z.array(
    z.object({ seatId: z.string(), section: z.string(), row: z.string(), seat: z.string(), priceCents: z.number() }),
  ),
  payment: z
    .object({
      paymentId: z.string(),
      provider: z.enum(['stripe', 'dev']),
      status: z.string(),
      clientSecret: z.string().optional(),
      confirmUrl: z.string().optional(),
    })
    .nullable(),
});
export type Order = z.infer<typeof order>;
export type OrderStatus = Order['status'];

/** Reads one answer through a schema; a body that does not match is treated like an unreachable service. */
export function parsed<T>(answer: ApiAnswer, schema: z.ZodType<T>): ApiAnswer<T> {
  if (answer.kind !== 'ok') return answer;
  const result = schema.safeParse(answer.body);
  return result.success ? { ...answer, body: result.data } : { kind: 'unreachable' };
}

export async function getOrder(context: FanContext, orderId: string): Promise<ApiAnswer<Order>> {
  return parsed(await callApi(context, 'booking', `/me/orders/${orderId}`), order);
}

export async function listOrders(context: FanContext): Promise<ApiAnswer<{ orders: Order[] }>> {
  return parsed(await callApi(context, 'booking', '/me/orders?limit=50'), z.object({ orders: z.array(order) }));
}

export async function listTickets(context: FanContext): Promise<ApiAnswer<{ tickets: Ticket[] }>> {
  return parsed(await callApi(context, 'booking', '/me/tickets'), z.object({ tickets: z.array(ticket) }));
}

export async function confirmDevPayment(
  context: FanContext,
  paymentId: string,
): Promise<ApiAnswer<{ orderId: string; status: OrderStatus; charged: boolean }>> {
  return parsed(
    await callApi(context, 'booking', `/payments/dev/${paymentId}/confirm`, { method: 'POST' }),
    z.object({ orderId: z.string(), status: order.shape.status, charged: z.boolean() }),
  );
}
