import { defineRoute } from '@ticketing/common';
import { dropParams, reminderRequest, reminderState } from './schema.ts';
import type { Reminders } from './service.ts';

const fanOnly = ['fan'] as const;

export function reminderRoutes(reminders: Reminders) {
  return [
    defineRoute({
      method: 'put',
      path: '/drops/:dropId/reminder',
      access: fanOnly,
      input: { params: dropParams, body: reminderRequest },
      output: { 200: reminderState },
      async handler({ input, user }) {
        await reminders.subscribe(input.params.dropId, user, input.body?.email);
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
        const subscribed = await reminders.isSubscribed(input.params.dropId, user);
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
        await reminders.unsubscribe(input.params.dropId, user);
        return { status: 204, body: undefined };
      },
    }),
  ];
}
