import { z } from 'zod';
import { defineRoute } from '@ticketing/common';
import {
  exportSeatMapCsv,
  getSeatMap,
  importSeatMapCsv,
  replaceSeatMap,
  seatMapDesign,
  seatMapInput,
  type Database,
} from '@ticketing/booking/back-office';
import { actorOf, organizerAccess } from '../actor.ts';
import { idParams as eventParams, ifMatchHeaders, versionHeaders } from '../params.ts';

/** A whole map of an arena (100,000 seats at most) as JSON or CSV. */
const seatMapBodyLimit = 16 * 1024 * 1024;

const csvText = z.string().min(1, 'the CSV file is empty');

/**
 * HTTP only: the use cases are booking's. The seat map is read and saved
 * whole (the designer saves that way), as JSON or as CSV; its entity tag is
 * the event's version, so a save with If-Match cannot overwrite a change
 * someone else made since the read.
 */
export function seatMapRoutes(db: Database) {
  return [
    defineRoute({
      method: 'get',
      path: '/events/:id/seat-map',
      owned: { param: 'id', resource: 'event', notFound: 'event_not_found' },
      access: organizerAccess,
      input: { params: eventParams },
      output: { 200: seatMapDesign },
      async handler({ input, user }) {
        const { version, map } = await getSeatMap(db, actorOf(user), input.params.id);
        return { status: 200, body: map, headers: versionHeaders({ version }) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/events/:id/seat-map',
      owned: { param: 'id', resource: 'event', notFound: 'event_not_found' },
      access: organizerAccess,
      bodyLimit: seatMapBodyLimit,
      input: { params: eventParams, headers: ifMatchHeaders, body: seatMapInput },
      output: { 200: seatMapDesign },
      async handler({ input, user }) {
        const { version, map } = await replaceSeatMap(
          db,
          actorOf(user),
          input.params.id,
          input.body,
          input.headers['if-match'],
        );
        return { status: 200, body: map, headers: versionHeaders({ version }) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/events/:id/seat-map/csv',
      owned: { param: 'id', resource: 'event', notFound: 'event_not_found' },
      access: organizerAccess,
      input: { params: eventParams },
      output: { 200: z.string() },
      async handler({ input, user }) {
        const { version, csv } = await exportSeatMapCsv(db, actorOf(user), input.params.id);
        return {
          status: 200,
          body: csv,
          headers: {
            ...versionHeaders({ version }),
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': `attachment; filename="seat-map-${input.params.id}.csv"`,
          },
        };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/events/:id/seat-map/csv',
      owned: { param: 'id', resource: 'event', notFound: 'event_not_found' },
      access: organizerAccess,
      bodyLimit: seatMapBodyLimit,
      bodyMediaType: 'text/csv',
      input: { params: eventParams, headers: ifMatchHeaders, body: csvText },
      output: { 200: seatMapDesign },
      async handler({ input, user }) {
        const { version, map } = await importSeatMapCsv(
          db,
          actorOf(user),
          input.params.id,
          input.body,
          input.headers['if-match'],
        );
        return { status: 200, body: map, headers: versionHeaders({ version }) };
      },
    }),
  ];
}
