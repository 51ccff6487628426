import { defineRoute } from '@ticketing/common';
import type { Database } from '@ticketing/booking/back-office';
import { actorOf, organizerAccess } from '../actor.ts';
import { dropParams } from '../drops/schema.ts';
import { dropStatsView } from './schema.ts';
import { dropStats } from './service.ts';
import type { WaitingRoomClient } from './waiting-room-client.ts';

/** HTTP only: the dashboard is put together in service.ts. */
export function statsRoutes(db: Database, waitingRoom: WaitingRoomClient) {
  return [
    defineRoute({
      method: 'get',
      path: '/drops/:id/stats',
      owned: { param: 'id', resource: 'drop', notFound: 'drop_not_found' },
      access: organizerAccess,
      input: { params: dropParams },
      output: { 200: dropStatsView },
      async handler({ input, user, koa }) {
        // The waiting room checks the caller itself, so it is asked with the caller's own token.
        const authorization = koa.get('Authorization');
        const stats = await dropStats(db, waitingRoom, actorOf(user), input.params.id, authorization);
        return { status: 200, body: stats, headers: { 'Cache-Control': 'private, max-age=1' } };
      },
    }),
  ];
}
