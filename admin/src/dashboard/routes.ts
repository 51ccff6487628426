import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { defineRoute, eventStreamAnswer } from '@ticketing/common';
import { actorOf, organizerAccess } from '../actor.ts';
import type { DashboardFeed } from './feed.ts';
import { dashboardQuery } from './schema.ts';

/** HTTP only: the stream is put together in feed.ts. */
export function dashboardRoutes(feed: DashboardFeed) {
  return [
    defineRoute({
      method: 'get',
      path: '/dashboard/stream',
      access: organizerAccess,
      input: { query: dashboardQuery },
      output: { 200: z.instanceof(PassThrough) },
      async handler({ input, user, koa }) {
        // The waiting room checks the caller itself, so it is asked with the caller's own token. Koa
        // destroys the stream when the client goes, which stops its timer (feed.ts).
        const stream = await feed.open(actorOf(user), input.query.dropIds, koa.get('Authorization'));
        return eventStreamAnswer(koa, stream);
      },
    }),
  ];
}
