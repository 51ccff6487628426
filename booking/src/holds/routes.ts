import { defineRoute } from '@ticketing/common';
import type { BookingContext } from '../composition.ts';
import { admissionHeaders, createHoldBody, holdCreated, holdParams, holdView } from './schema.ts';

/** HTTP only: the use cases live in service.ts. */
export function holdRoutes({ holds }: BookingContext) {
  return [
    defineRoute({
      method: 'post',
      path: '/holds',
      access: ['fan'],
      input: { body: createHoldBody, headers: admissionHeaders },
      output: { 201: holdCreated },
      async handler({ input, user }) {
        const placed = await holds.placeHold(user.id, input.body, input.headers['admission-token']);
        return { status: 201, body: placed, headers: { Location: `/holds/${placed.holdId}` } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/holds/:id',
      owned: { param: 'id', resource: 'hold', notFound: 'hold_not_found' },
      access: ['fan'],
      input: { params: holdParams },
      output: { 200: holdView },
      async handler({ input, user }) {
        return { status: 200, body: await holds.getHold(user.id, input.params.id) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/holds/:id',
      owned: { param: 'id', resource: 'hold', notFound: 'hold_not_found' },
      access: ['fan'],
      input: { params: holdParams },
      output: { 204: null },
      async handler({ input, user }) {
        await holds.releaseHold(user.id, input.params.id);
        return { status: 204, body: undefined };
      },
    }),
  ];
}
