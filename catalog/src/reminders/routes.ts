import { defineRoute, type Principal } from '@ticketing/common';
import { dropParams, reminderRequest, reminderState } from './schema.ts';
import type { Reminders } from './service.ts';

const fanOnly = ['fan'] as const;

/** The route declares `fan` access, so the auth middleware has set the user. */
function fanOf(user: Principal | undefined): Principal {
  if (!user) throw new Error('a fan route ran without an authenticated user');
  return user;
}

export function reminderRoutes(reminders: Reminders) {
  return [
    defineRoute({
      method: 'put',
      path: '/drops/:dropId/reminder',
      access: fanOnly,
      input: { params: dropParams, body: reminderRequest },
      output: { 200: reminderState },
      async handler({ input, user }) {
        await reminders.subscribe(input.params.dropId, fanOf(user), input.body?.email);
        return { status: 200, body: { dropId: input.params.dropId, subscribed: true } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/drops/:dropId/reminder',
      access: fanOnly,
      input: { params: dropParams },
      output: { 200: reminderState },
      async handler({ input, user }) {
        const subscribed = await reminders.isSubscribed(input.params.dropId, fanOf(user));
        return { status: 200, body: { dropId: input.params.dropId, subscribed } };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/drops/:dropId/reminder',
      access: fanOnly,
      input: { params: dropParams },
      output: { 204: null },
      async handler({ input, user }) {
        await reminders.unsubscribe(input.params.dropId, fanOf(user));
        return { status: 204, body: undefined };
      },
    }),
  ];
}
