import { z } from 'zod';
import { defineRoute } from '@ticketing/common';
import {
  createVenue,
  createVenueInput,
  getVenue,
  listVenues,
  updateVenue,
  venueChanges,
  venueView,
} from '@ticketing/booking/back-office';
import type { Database } from '@ticketing/booking/back-office';
import { actorOf, organizerAccess } from '../actor.ts';
import { idParams as venueParams } from '../params.ts';

/** HTTP only: the use cases are booking's, which also decides who manages which venue. */
export function venueRoutes(db: Database) {
  const noStore = { 'Cache-Control': 'no-store' };
  return [
    defineRoute({
      method: 'post',
      path: '/venues',
      access: organizerAccess,
      input: { body: createVenueInput },
      output: { 201: venueView },
      async handler({ input, user }) {
        const venue = await createVenue(db, actorOf(user), input.body);
        return { status: 201, body: venue, headers: { ...noStore, Location: `/venues/${venue.id}` } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/venues',
      access: organizerAccess,
      output: { 200: z.object({ venues: z.array(venueView) }) },
      async handler({ user }) {
        return { status: 200, body: { venues: await listVenues(db, actorOf(user)) }, headers: noStore };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/venues/:id',
      owned: { param: 'id', resource: 'venue', notFound: 'venue_not_found' },
      access: organizerAccess,
      input: { params: venueParams },
      output: { 200: venueView },
      async handler({ input, user }) {
        return { status: 200, body: await getVenue(db, actorOf(user), input.params.id), headers: noStore };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/venues/:id',
      owned: { param: 'id', resource: 'venue', notFound: 'venue_not_found' },
      access: organizerAccess,
      input: { params: venueParams, body: venueChanges },
      output: { 200: venueView },
      async handler({ input, user }) {
        const venue = await updateVenue(db, actorOf(user), input.params.id, input.body);
        return { status: 200, body: venue, headers: noStore };
      },
    }),
  ];
}
