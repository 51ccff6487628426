import { organizerTables } from '@ticketing/booking/testing';
import { admin, adminClient, fan, gate, organizer, startAdminTestApp, type AdminTestApp } from './testing/admin-app.ts';
import { inDays, newEvent, newVenue, putSeatMap, sampleSeatMap } from './testing/organizer.ts';

/*
 * Who may call the organizer's routes: organizers (on their own venues,
 * events and drops) and admins (on everyone's). Fans and gate staff are
 * refused by role (403); another organizer's venue, event or drop answers
 * as if it did not exist (404), and nothing changes.
 */

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;
// Named in the test titles until beforeAll makes the real ones.
let ids = { venue: ':venue', event: ':event', drop: ':drop' };

beforeAll(async () => {
  app = await startAdminTestApp('admin_access');
  call = adminClient(app);
  const venue = await newVenue(call);
  const event = await newEvent(call, undefined, { venueId: venue.id });
  await putSeatMap(call, event.id);
  const drop = await call('POST', `/events/${event.id}/drops`, {
    body: { name: 'Main', size: 90, opensAt: inDays(1) },
  });
  ids = { venue: venue.id, event: event.id, drop: drop.body.id as string };
});
afterAll(async () => {
  await app.close();
});

interface RouteCase {
  method: string;
  path: () => string;
  body?: () => unknown;
  csv?: string;
  /** The code another organizer gets; undefined for routes that name no one's venue, event or drop. */
  notFound?: string;
}

const csv = 'section,row,seat,tier,price_cents,currency\nMain,A,1,Gold,100,EUR\n';
const routes: RouteCase[] = [
  { method: 'POST', path: () => '/venues', body: () => ({ name: 'V', city: 'C', timezone: 'UTC' }) },
  { method: 'GET', path: () => '/venues' },
  { method: 'GET', path: () => `/venues/${ids.venue}`, notFound: 'venue_not_found' },
  { method: 'PATCH', path: () => `/venues/${ids.venue}`, body: () => ({ city: 'Faro' }), notFound: 'venue_not_found' },
  {
    method: 'POST',
    path: () => '/events',
    body: () => ({ venueId: ids.venue, name: 'Mine now', startsAt: inDays(9) }),
    notFound: 'venue_not_found',
  },
  { method: 'GET', path: () => '/events' },
  { method: 'GET', path: () => `/events/${ids.event}`, notFound: 'event_not_found' },
  { method: 'PATCH', path: () => `/events/${ids.event}`, body: () => ({ name: 'Taken' }), notFound: 'event_not_found' },
  { method: 'POST', path: () => `/events/${ids.event}/publish`, notFound: 'event_not_found' },
  { method: 'POST', path: () => `/events/${ids.event}/open-sale`, notFound: 'event_not_found' },
  { method: 'POST', path: () => `/events/${ids.event}/end`, notFound: 'event_not_found' },
  { method: 'GET', path: () => `/events/${ids.event}/seat-map`, notFound: 'event_not_found' },
  { method: 'PUT', path: () => `/events/${ids.event}/seat-map`, body: sampleSeatMap, notFound: 'event_not_found' },
  { method: 'GET', path: () => `/events/${ids.event}/seat-map/csv`, notFound: 'event_not_found' },
  { method: 'PUT', path: () => `/events/${ids.event}/seat-map/csv`, csv, notFound: 'event_not_found' },
  {
    method: 'POST',
    path: () => `/events/${ids.event}/drops`,
    body: () => ({ name: 'Sneaky', size: 1, opensAt: inDays(2) }),
    notFound: 'event_not_found',
  },
  { method: 'GET', path: () => `/events/${ids.event}/drops`, notFound: 'event_not_found' },
  { method: 'GET', path: () => `/drops/${ids.drop}`, notFound: 'drop_not_found' },
  { method: 'PATCH', path: () => `/drops/${ids.drop}`, body: () => ({ size: 1 }), notFound: 'drop_not_found' },
  { method: 'POST', path: () => `/drops/${ids.drop}/pause`, notFound: 'drop_not_found' },
  { method: 'POST', path: () => `/drops/${ids.drop}/resume`, notFound: 'drop_not_found' },
  { method: 'GET', path: () => `/drops/${ids.drop}/stats`, notFound: 'drop_not_found' },
  { method: 'GET', path: () => `/dashboard/stream?dropIds=${ids.drop}`, notFound: 'drop_not_found' },
];

const send = (route: RouteCase, as: { user: string; roles: string[] } | null) =>
  call(route.method, route.path(), {
    as,
    ...(route.body ? { body: route.body() } : {}),
    ...(route.csv ? { rawBody: route.csv, headers: { 'content-type': 'text/csv' } } : {}),
  });

const label = (route: RouteCase) => `${route.method} ${route.path()}`;

describe.each(routes.map((route) => [label(route), route] as const))('%s', (_, route) => {
  test('refuses fans and gate staff by role, and callers without a token', async () => {
    const before = await organizerTables(app.booking.sql());
    for (const who of [fan(), gate(), { user: 'both', roles: ['fan', 'gate'] }]) {
      const answer = await send(route, who);
      expect([who.user, answer.status, answer.body.code]).toEqual([who.user, 403, 'insufficient_role']);
    }
    const anonymous = await send(route, null);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'auth_required']);
    expect(await organizerTables(app.booking.sql())).toEqual(before);
  });

  if (route.notFound !== undefined) {
    test(`answers another organizer 404 ${route.notFound}, and changes nothing`, async () => {
      const before = await organizerTables(app.booking.sql());
      const answer = await send(route, organizer('organizer-2'));
      expect([answer.status, answer.body.code]).toEqual([404, route.notFound]);
      expect(await organizerTables(app.booking.sql())).toEqual(before);
    });
  }
});

test('lists show another organizer none of mine; an admin sees and may act on them', async () => {
  const venues = await call('GET', '/venues', { as: organizer('organizer-2') });
  expect(venues.body.venues).toEqual([]);
  const events = await call('GET', '/events', { as: organizer('organizer-2') });
  expect(events.body.events).toEqual([]);
  for (const path of [
    `/venues/${ids.venue}`,
    `/events/${ids.event}`,
    `/events/${ids.event}/seat-map`,
    `/drops/${ids.drop}`,
  ]) {
    expect([path, (await call('GET', path, { as: admin() })).status]).toEqual([path, 200]);
  }
  const published = await call('POST', `/events/${ids.event}/publish`, { as: admin('admin-7') });
  expect(published.body).toMatchObject({ status: 'published', organizerId: 'organizer-1' });
});
