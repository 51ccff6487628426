import { defineRoute } from '@ticketing/common';
import { requestEm } from '@ticketing/booking/db/request-context';
import { actorOf, organizerAccess } from '../actor.ts';
import {
  createDropBody,
  dropList,
  dropParams,
  dropView,
  eventParams,
  ifMatchHeaders,
  updateDropBody,
  type DropView,
} from './schema.ts';
import { createDrop, getDrop, listDrops, setDropPaused, updateDrop } from './service.ts';

/** HTTP only: the use cases live in service.ts. */
export function dropRoutes() {
  return [
    defineRoute({
      method: 'post',
      path: '/events/:eventId/drops',
      access: organizerAccess,
      input: { params: eventParams, body: createDropBody },
      output: { 201: dropView },
      async handler({ input, user, koa }) {
        const drop = await createDrop(requestEm(koa), actorOf(user), input.params.eventId, input.body);
        return { status: 201, body: drop, headers: { ...versionHeaders(drop), Location: `/drops/${drop.id}` } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/events/:eventId/drops',
      access: organizerAccess,
      input: { params: eventParams },
      output: { 200: dropList },
      async handler({ input, user, koa }) {
        const drops = await listDrops(requestEm(koa), actorOf(user), input.params.eventId);
        return { status: 200, body: { drops }, headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/drops/:id',
      access: organizerAccess,
      input: { params: dropParams },
      output: { 200: dropView },
      async handler({ input, user, koa }) {
        const drop = await getDrop(requestEm(koa), actorOf(user), input.params.id);
        return { status: 200, body: drop, headers: versionHeaders(drop) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/drops/:id',
      access: organizerAccess,
      input: { params: dropParams, headers: ifMatchHeaders, body: updateDropBody },
      output: { 200: dropView },
      async handler({ input, user, koa }) {
        const drop = await updateDrop(
          requestEm(koa),
          actorOf(user),
          input.params.id,
          input.body,
          input.headers['if-match'],
        );
        return { status: 200, body: drop, headers: versionHeaders(drop) };
      },
    }),
    ...(['pause', 'resume'] as const).map((action) =>
      defineRoute({
        method: 'post',
        path: `/drops/:id/${action}`,
        access: organizerAccess,
        input: { params: dropParams, headers: ifMatchHeaders },
        output: { 200: dropView },
        async handler({ input, user, koa }) {
          const drop = await setDropPaused(
            requestEm(koa),
            actorOf(user),
            input.params.id,
            action === 'pause',
            input.headers['if-match'],
          );
          return { status: 200, body: drop, headers: versionHeaders(drop) };
        },
      }),
    ),
  ];
}

/** The version is the entity tag: send it back in If-Match to change exactly what was read. */
function versionHeaders(drop: DropView): Record<string, string> {
  return { ETag: `"${drop.version}"`, 'Cache-Control': 'no-store' };
}
