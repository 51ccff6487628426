import { defineRoute } from '@ticketing/common';
import { eventDetail, eventPage } from '@ticketing/common/contracts/event-listing';
import { seatMap } from '@ticketing/common/contracts/seat-map';
import type { EventCatalog } from './service.ts';
import { eventIdParams, listEventsQuery } from './schema.ts';

/** Browsing is public; documents may be cached by a CDN for a short while. */
const shared = { 'Cache-Control': 'public, max-age=10, stale-while-revalidate=30' };

export function eventRoutes(catalog: EventCatalog) {
  return [
    defineRoute({
      method: 'get',
      path: '/events',
      access: 'public',
      input: { query: listEventsQuery },
      output: { 200: eventPage },
      async handler({ input }) {
        return { status: 200, body: await catalog.listEvents(input.query), headers: shared };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/events/:id',
      access: 'public',
      input: { params: eventIdParams },
      output: { 200: eventDetail },
      async handler({ input }) {
        return { status: 200, body: await catalog.getEvent(input.params.id), headers: shared };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/events/:id/seatmap',
      access: 'public',
      input: { params: eventIdParams },
      output: { 200: seatMap },
      async handler({ input }) {
        return { status: 200, body: await catalog.getSeatMap(input.params.id), headers: shared };
      },
    }),
  ];
}
