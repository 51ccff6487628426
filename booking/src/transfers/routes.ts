import { defineRoute } from '@ticketing/common';
import type { BookingContext } from '../composition.ts';
import { offerTransferInput, transferList, transferParams, transferView } from './schema.ts';
import { acceptTransfer, cancelTransfer, listMyTransfers, offerTransfer } from './service.ts';

/** HTTP only: a fan's face-value transfers. */
export function transferRoutes({ db }: BookingContext) {
  return [
    defineRoute({
      method: 'post',
      path: '/me/tickets/:ticketId/transfers',
      access: ['fan'],
      input: offerTransferInput,
      output: { 201: transferView },
      async handler({ input, user }) {
        const body = await offerTransfer(db, user, { ticketId: input.params.ticketId, toEmail: input.body.toEmail });
        return { status: 201, body };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/transfers',
      access: ['fan'],
      output: { 200: transferList },
      async handler({ user }) {
        return { status: 200, body: await listMyTransfers(db, user) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/transfers/:id/accept',
      access: ['fan'],
      input: transferParams,
      output: { 200: transferView },
      async handler({ input, user }) {
        return { status: 200, body: await acceptTransfer(db, user, input.params.id) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/transfers/:id/cancel',
      access: ['fan'],
      input: transferParams,
      output: { 200: transferView },
      async handler({ input, user }) {
        return { status: 200, body: await cancelTransfer(db, user, input.params.id) };
      },
    }),
  ];
}
