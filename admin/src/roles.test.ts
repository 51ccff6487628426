import type { AnyRoute } from '@ticketing/common';
import { bookingCounts, testTicketKey } from '@ticketing/booking/testing';
import { auditRoutes } from './audit/routes.ts';
import { cancellationRoutes } from './cancellation/routes.ts';
import { gateRoutes } from './gate/routes.ts';
import { orderRoutes } from './orders/routes.ts';
import { adminClient, startAdminTestApp, type AdminTestApp } from './testing/admin-app.ts';

/*
 * Every route of the admin's desk and of the door refuses every role it does
 * not name (403 insufficient_role) and a caller without a token (401), and
 * changes nothing. The routes are read from their own definitions, so a
 * route added later is checked too.
 */

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;

beforeAll(async () => {
  app = await startAdminTestApp('admin_roles');
  call = adminClient(app);
});
afterAll(async () => {
  await app.close();
});

// Only the definitions are read: no handler runs.
const unused = undefined as never;
const routes: AnyRoute[] = [
  ...orderRoutes(unused),
  ...cancellationRoutes(unused, { budgetMs: 0 }),
  ...auditRoutes(unused),
  ...gateRoutes(unused, testTicketKey()),
];
const everyRole = ['fan', 'organizer', 'admin', 'gate'];
const somePath = (path: string) => path.replace(/:[A-Za-z]+/g, '5f0c1b9e-0000-4000-8000-000000000000');

test('the desk is for admins and the door for gate staff', () => {
  const byAccess = (access: readonly string[]) =>
    routes.filter((r) => JSON.stringify(r.access) === JSON.stringify(access)).map((r) => `${r.method} ${r.path}`);
  expect(byAccess(['admin'])).toEqual([
    'get /orders',
    'get /orders/:orderId',
    'post /orders/:orderId/refunds',
    'post /tickets/:ticketId/reissue',
    'post /events/:eventId/cancel',
    'get /audit',
    'get /audit/export.csv',
  ]);
  expect(byAccess(['gate'])).toEqual([
    'post /scans',
    'get /gate/keys',
    'get /gate/events/:eventId/list',
    'post /gate/scans/offline',
  ]);
  expect(byAccess(['organizer', 'admin'])).toEqual(['get /events/:eventId/scan-rates']);
});

describe.each(routes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))(
  '%s',
  (_name, route) => {
    const allowed = route.access as readonly string[];
    const refused = everyRole.filter((role) => !allowed.includes(role));

    test.each(refused)('refuses the role %s with 403', async (role) => {
      const before = await bookingCounts(app.booking.sql());
      const answer = await call(route.method.toUpperCase(), somePath(route.path), {
        as: { user: `${role}-1`, roles: [role] },
        headers: { 'idempotency-key': 'roles' },
        body: route.method === 'get' ? undefined : {},
      });
      expect(answer).toMatchObject({ status: 403, body: { code: 'insufficient_role' } });
      expect(await bookingCounts(app.booking.sql())).toEqual(before);
    });

    test('refuses a caller without a token with 401', async () => {
      const answer = await call(route.method.toUpperCase(), somePath(route.path), {
        as: null,
        body: route.method === 'get' ? undefined : {},
      });
      expect(answer).toMatchObject({ status: 401, body: { code: 'auth_required' } });
    });
  },
);
