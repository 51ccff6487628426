import { defineRoute } from '@ticketing/common';
import type { BookingContext } from '../composition.ts';
import { listOrdersInput, listTicketsInput, orderDetail, orderPage, orderParams, ticketList } from './schema.ts';
import { getMyOrder, listMyOrders, listMyTickets } from './service.ts';

/** HTTP only: a fan's own orders and tickets. */
export function meRoutes({ db, ticketKey: key }: BookingContext) {
  return [
    defineRoute({
      method: 'get',
      path: '/me/orders',
      access: ['fan'],
      input: listOrdersInput,
      output: { 200: orderPage },
      async handler({ input, user }) {
        const page = await listMyOrders(db, user.id, input.query);
        return { status: 200, body: page };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/orders/:id',
      owned: { param: 'id', resource: 'order', notFound: 'order_not_found' },
      access: ['fan'],
      input: orderParams,
      output: { 200: orderDetail },
      async handler({ input, user }) {
        return { status: 200, body: await getMyOrder(db, key, user.id, input.params.id) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/tickets',
      access: ['fan'],
      input: listTicketsInput,
      output: { 200: ticketList },
      async handler({ input, user }) {
        return { status: 200, body: await listMyTickets(db, key, user.id, input.query) };
      },
    }),
  ];
}
