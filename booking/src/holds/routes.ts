import { defineRoute } from '@ticketing/common';
import type { BookingServices } from '../app.ts';
import { requestEm } from '../db/request-context.ts';
import { admissionHeaders, createHoldBody, holdCreated, holdParams, holdView } from './schema.ts';
import { createHoldsService } from './service.ts';

/** HTTP only: the use cases live in service.ts. */
export function holdRoutes(services: BookingServices) {
  const holds = createHoldsService({
    admission: services.admission,
    lockTimeoutMs: services.config.HOLD_LOCK_TIMEOUT_MS,
    outboxWake: services.outboxWake,
  });
  return [
    defineRoute({
      method: 'post',
      path: '/holds',
      access: ['fan'],
      input: { body: createHoldBody, headers: admissionHeaders },
      output: { 201: holdCreated },
      async handler({ input, user, koa }) {
        const placed = await holds.placeHold(
          requestEm(koa),
          userOf(user),
          input.body,
          input.headers['admission-token'],
        );
        return { status: 201, body: placed, headers: { Location: `/holds/${placed.holdId}` } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/holds/:id',
      access: ['fan'],
      input: { params: holdParams },
      output: { 200: holdView },
      async handler({ input, user, koa }) {
        return { status: 200, body: await holds.getHold(requestEm(koa), userOf(user), input.params.id) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/holds/:id',
      access: ['fan'],
      input: { params: holdParams },
      output: { 204: null },
      async handler({ input, user, koa }) {
        await holds.releaseHold(requestEm(koa), userOf(user), input.params.id);
        return { status: 204, body: undefined };
      },
    }),
  ];
}

function userOf(user: { id: string } | undefined): string {
  // Routes that are not public always have a verified user; this guards the wiring.
  if (!user) throw new Error('an authenticated route ran without a user');
  return user.id;
}
