import { defineRoute } from '@ticketing/common';
import {
  createDrop,
  createDropInput,
  dropChanges,
  dropView,
  getDrop,
  listDrops,
  setDropPaused,
  updateDrop,
  type Database,
} from '@ticketing/booking/back-office';
import { actorOf, organizerAccess } from '../actor.ts';
import { versionHeaders } from '../params.ts';
import { dropList, dropParams, eventParams, ifMatchHeaders } from './schema.ts';

/** HTTP only: the use cases are booking's. */
export function dropRoutes(db: Database) {
  return [
    defineRoute({
      method: 'post',
      path: '/events/:eventId/drops',
      owned: { param: 'eventId', resource: 'event', notFound: 'event_not_found' },
      access: organizerAccess,
      input: { params: eventParams, body: createDropInput },
      output: { 201: dropView },
      async handler({ input, user }) {
        const drop = await createDrop(db, actorOf(user), input.params.eventId, input.body);
        return { status: 201, body: drop, headers: { ...versionHeaders(drop), Location: `/drops/${drop.id}` } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/events/:eventId/drops',
      owned: { param: 'eventId', resource: 'event', notFound: 'event_not_found' },
      access: organizerAccess,
      input: { params: eventParams },
      output: { 200: dropList },
      async handler({ input, user }) {
        const drops = await listDrops(db, actorOf(user), input.params.eventId);
        return { status: 200, body: { drops }, headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/drops/:id',
      owned: { param: 'id', resource: 'drop', notFound: 'drop_not_found' },
      access: organizerAccess,
      input: { params: dropParams },
      output: { 200: dropView },
      async handler({ input, user }) {
        const drop = await getDrop(db, actorOf(user), input.params.id);
        return { status: 200, body: drop, headers: versionHeaders(drop) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/drops/:id',
      owned: { param: 'id', resource: 'drop', notFound: 'drop_not_found' },
      access: organizerAccess,
      input: { params: dropParams, headers: ifMatchHeaders, body: dropChanges },
      output: { 200: dropView },
      async handler({ input, user }) {
        const drop = await updateDrop(db, actorOf(user), input.params.id, input.body, input.headers['if-match']);
        return { status: 200, body: drop, headers: versionHeaders(drop) };
      },
    }),
    ...(['pause', 'resume'] as const).map((action) =>
      defineRoute({
        method: 'post',
        path: `/drops/:id/${action}`,
        owned: { param: 'id', resource: 'drop', notFound: 'drop_not_found' },
        access: organizerAccess,
        input: { params: dropParams, headers: ifMatchHeaders },
        output: { 200: dropView },
        async handler({ input, user }) {
          const paused = action === 'pause';
          const drop = await setDropPaused(db, actorOf(user), input.params.id, paused, input.headers['if-match']);
          return { status: 200, body: drop, headers: versionHeaders(drop) };
        },
      }),
    ),
  ];
}
