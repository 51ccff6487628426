import { defineRoute } from '@ticketing/common';
import {
  getTransferRules,
  setTransferRules,
  transferRulesInput,
  transferRulesView,
  type Database,
} from '@ticketing/booking/back-office';
import { actorOf, organizerAccess } from '../actor.ts';
import { idParams as eventParams } from '../params.ts';

/** HTTP only: whether an event's tickets may be transferred between fans, and until when. */
export function transferRulesRoutes(db: Database) {
  return [
    defineRoute({
      method: 'get',
      path: '/events/:id/transfer-rules',
      access: organizerAccess,
      input: { params: eventParams },
      output: { 200: transferRulesView },
      async handler({ input, user }) {
        return { status: 200, body: await getTransferRules(db, actorOf(user), input.params.id) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/events/:id/transfer-rules',
      access: organizerAccess,
      input: { params: eventParams, body: transferRulesInput },
      output: { 200: transferRulesView },
      async handler({ input, user }) {
        return { status: 200, body: await setTransferRules(db, actorOf(user), input.params.id, input.body) };
      },
    }),
  ];
}
