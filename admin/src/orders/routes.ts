import { defineRoute } from '@ticketing/common';
import {
  findOrders,
  idempotencyHeaders,
  orderList,
  orderPage,
  orderSearch,
  readOrderPage,
  refundAnswer,
  refundOrderOnce,
  refundRequest,
  reissueAnswer,
  reissueRequest,
  reissueTicketOnce,
  type Database,
} from '@ticketing/booking/back-office';
import { actorOf, adminAccess } from '../actor.ts';
import { orderParams, ticketParams } from './schema.ts';

/**
 * The admin's desk over booking's use cases: find orders, read one with its
 * timeline, refund, reissue. Refund and reissue need an `Idempotency-Key`: a
 * repeat with the same key answers what the first request did, with the
 * same status and `Idempotent-Replayed: true`, and changes nothing.
 */
export function orderRoutes(db: Database) {
  const noStore = { 'Cache-Control': 'no-store' };
  const replayed = (repeat: boolean) => (repeat ? { ...noStore, 'Idempotent-Replayed': 'true' } : noStore);
  return [
    defineRoute({
      method: 'get',
      path: '/orders',
      access: adminAccess,
      input: { query: orderSearch },
      output: { 200: orderList },
      async handler({ input, user }) {
        return { status: 200, body: await findOrders(db, actorOf(user), input.query), headers: noStore };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/orders/:orderId',
      access: adminAccess,
      input: { params: orderParams },
      output: { 200: orderPage },
      async handler({ input, user }) {
        return { status: 200, body: await readOrderPage(db, actorOf(user), input.params.orderId), headers: noStore };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:orderId/refunds',
      access: adminAccess,
      input: { params: orderParams, headers: idempotencyHeaders, body: refundRequest },
      output: { 201: refundAnswer },
      async handler({ input, user }) {
        const refund = await refundOrderOnce(db, actorOf(user), {
          ...input.body,
          orderId: input.params.orderId,
          idempotencyKey: input.headers['idempotency-key'],
        });
        return { status: 201, body: refund.answer, headers: replayed(refund.replayed) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/tickets/:ticketId/reissue',
      access: adminAccess,
      input: { params: ticketParams, headers: idempotencyHeaders, body: reissueRequest },
      output: { 200: reissueAnswer },
      async handler({ input, user }) {
        const reissue = await reissueTicketOnce(db, actorOf(user), {
          ticketId: input.params.ticketId,
          idempotencyKey: input.headers['idempotency-key'],
          reason: input.body.reason,
        });
        return { status: 200, body: reissue.answer, headers: replayed(reissue.replayed) };
      },
    }),
  ];
}
