import { z } from 'zod';
import { defineRoute } from '@ticketing/common';
import {
  changeEventStatus,
  createEvent,
  createEventInput,
  eventChanges,
  eventListQuery,
  eventView,
  getEvent,
  listEvents,
  updateEvent,
  type Database,
  type EventTransition,
} from '@ticketing/booking/back-office';
import { actorOf, organizerAccess } from '../actor.ts';
import { idParams as eventParams, ifMatchHeaders, versionHeaders } from '../params.ts';

/** Each lifecycle step is a POST on the event: `/events/:id/publish`, `/open-sale`, `/end`. */
const steps: Record<string, EventTransition> = { publish: 'publish', 'open-sale': 'openSale', end: 'end' };

/** HTTP only: the use cases are booking's, which also decides who manages which event. */
export function eventRoutes(db: Database) {
  return [
    defineRoute({
      method: 'post',
      path: '/events',
      access: organizerAccess,
      input: { body: createEventInput },
      output: { 201: eventView },
      async handler({ input, user }) {
        const event = await createEvent(db, actorOf(user), input.body);
        return { status: 201, body: event, headers: { ...versionHeaders(event), Location: `/events/${event.id}` } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/events',
      access: organizerAccess,
      input: { query: eventListQuery },
      output: { 200: z.object({ events: z.array(eventView) }) },
      async handler({ input, user }) {
        const events = await listEvents(db, actorOf(user), input.query);
        return { status: 200, body: { events }, headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/events/:id',
      owned: { param: 'id', resource: 'event', notFound: 'event_not_found' },
      access: organizerAccess,
      input: { params: eventParams },
      output: { 200: eventView },
      async handler({ input, user }) {
        const event = await getEvent(db, actorOf(user), input.params.id);
        return { status: 200, body: event, headers: versionHeaders(event) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/events/:id',
      owned: { param: 'id', resource: 'event', notFound: 'event_not_found' },
      access: organizerAccess,
      input: { params: eventParams, headers: ifMatchHeaders, body: eventChanges },
      output: { 200: eventView },
      async handler({ input, user }) {
        const event = await updateEvent(db, actorOf(user), input.params.id, input.body, input.headers['if-match']);
        return { status: 200, body: event, headers: versionHeaders(event) };
      },
    }),
    ...Object.entries(steps).map(([path, step]) =>
      defineRoute({
        method: 'post',
        path: `/events/:id/${path}`,
        owned: { param: 'id', resource: 'event', notFound: 'event_not_found' },
        access: organizerAccess,
        input: { params: eventParams, headers: ifMatchHeaders },
        output: { 200: eventView },
        async handler({ input, user }) {
          const event = await changeEventStatus(db, actorOf(user), input.params.id, step, input.headers['if-match']);
          return { status: 200, body: event, headers: versionHeaders(event) };
        },
      }),
    ),
  ];
}
