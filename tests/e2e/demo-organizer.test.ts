import pg from 'pg';
import { createLogger } from '@ticketing/common';
import { createTestDatabase } from '@ticketing/common/testing';
import { migrateDatabase, seedDemo } from '@ticketing/booking/processes';
import { startIdentityProvider } from '@ticketing/identity';
import { parseAdminConfig, startAdmin } from '@ticketing/admin';
import { cleanupStack } from './support/cleanup.ts';
import { call, signIn } from './support/fan.ts';

/*
 * What a newcomer finds after `npm start`: signed in as the demo organizer
 * at the identity provider, the back office lists the seeded events and
 * venue as theirs, and the demo seat map reads back whole.
 */

const cleanup = cleanupStack();
let adminUrl: string;
let issuer: string;

beforeAll(async () => {
  const db = await createTestDatabase('e2e_demo_organizer');
  cleanup.add('database', () => db.drop());
  const logger = createLogger('e2e-demo-organizer', 'silent');
  await migrateDatabase(db.url, logger);
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    await seedDemo(pool);
  } finally {
    await pool.end();
  }
  const identity = await startIdentityProvider({ env: 'test', logger });
  cleanup.add('identity provider', () => identity.close());
  issuer = identity.issuer;
  const admin = await startAdmin(
    parseAdminConfig({ NODE_ENV: 'test', ADMIN_PORT: '0', DATABASE_URL: db.url, OIDC_ISSUER: identity.issuer }),
    logger,
    { host: '127.0.0.1', defaultMetrics: false },
  );
  cleanup.add('admin', () => admin.close());
  adminUrl = admin.server.url;
}, 60_000);

afterAll(() => cleanup.run(), 60_000);

test('the demo organizer signs in and finds the demo events, venue and seat map as theirs', async () => {
  const organizer = await signIn(issuer, 'organizer');
  const events = await call<{ events: Array<{ name: string; status: string; organizerId: string; id: string }> }>(
    adminUrl,
    'GET',
    '/events',
    { token: organizer.accessToken },
  );
  expect(events.status).toBe(200);
  expect(events.body.events.map((e) => [e.name, e.status, e.organizerId])).toEqual([
    ['The Tidal Waves: Summer Tour', 'published', organizer.id],
    ['Midnight Jazz Orchestra', 'published', organizer.id],
  ]);
  const venues = await call<{ venues: Array<{ name: string; timezone: string }> }>(adminUrl, 'GET', '/venues', {
    token: organizer.accessToken,
  });
  expect(venues.body.venues).toMatchObject([{ name: 'Harbour Arena', timezone: 'Europe/Amsterdam' }]);
  const arena = events.body.events[0]?.id ?? '';
  const map = await call<{ sections: Array<{ name: string; capacity: number }> }>(
    adminUrl,
    'GET',
    `/events/${arena}/seat-map`,
    { token: organizer.accessToken },
  );
  expect(map.body.sections.map((s) => [s.name, s.capacity])).toEqual([
    ['Floor', 1000],
    ['Left stand', 800],
    ['Centre stand', 800],
    ['Right stand', 800],
  ]);
  // A fan signed in at the same provider is refused the back office.
  const fan = await signIn(issuer, 'fan');
  expect((await call(adminUrl, 'GET', '/events', { token: fan.accessToken })).status).toBe(403);
});
