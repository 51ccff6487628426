import { createLogger, generateTicketSigningKey, parseConfig } from '@ticketing/common';
import { createTestDatabase } from '@ticketing/common/testing';
import { connectBookingTestDatabase, startTestIdentity, type TestIdentity } from '@ticketing/booking/testing';
import { catalogConfigShape, startCatalog } from '@ticketing/catalog';
import { parseAdminConfig, startAdmin } from '@ticketing/admin';
import { startBookingStack, type BookingStack } from './support/booking.ts';
import { cleanupStack } from './support/cleanup.ts';
import { call } from './support/fan.ts';
import { deleteRabbitTopology, deleteRedisKeys, isolation } from './support/isolation.ts';
import { waitUntil } from './support/poll.ts';

/*
 * An organizer's event reaches fans without any service restarting: built
 * through the admin service (venue, event, seat map with two reserved
 * sections and a standing area), published, given a drop and put on sale,
 * it appears in the catalog's search, page, seat map and availability, and
 * a fan holds a seat of it through booking. The services run in this
 * process over their real protocols; booking's relay carries the messages.
 */

const startupMs = 120_000;
const cleanup = cleanupStack();
let identity: TestIdentity;
let urls: { admin: string; catalog: string; booking: string };
let booking: BookingStack;

beforeAll(async () => {
  const level = (process.env.E2E_LOG_LEVEL ?? 'silent') as 'silent';
  const names = isolation('e2e_organizer');
  const db = await createTestDatabase('e2e_organizer');
  cleanup.add('database', () => db.drop());
  cleanup.add('redis keys', () => deleteRedisKeys(names.redisBase));
  const catalogRetryDelaysMs = [500, 5_000, 30_000];
  cleanup.add('rabbitmq topology', () =>
    deleteRabbitTopology(names.exchanges, [
      { queue: names.queues.catalog, retryDelaysMs: catalogRetryDelaysMs },
      { queue: names.queues.payments, retryDelaysMs: [200, 1_000, 5_000] },
    ]),
  );
  await (await connectBookingTestDatabase(db.url, { migrate: true })).close();
  identity = await startTestIdentity();
  cleanup.add('identity', () => identity.close());

  const catalog = await startCatalog(
    parseConfig(catalogConfigShape, {
      NODE_ENV: 'test',
      LOG_LEVEL: level,
      DATABASE_URL: db.url,
      CATALOG_PORT: '0',
      CATALOG_PG_POOL_SIZE: '3',
      CATALOG_REDIS_PREFIX: names.prefixes.catalog,
      CATALOG_QUEUE: names.queues.catalog,
      // Documents stay cached far longer than the test: only booking's messages can make a change show.
      CATALOG_DOCUMENT_TTL: '3600',
      EVENTS_EXCHANGE: names.exchanges.exchange,
      EVENTS_DEAD_LETTER_EXCHANGE: names.exchanges.deadLetterExchange,
      OIDC_ISSUER: identity.issuer,
    }),
    createLogger('catalog', level),
    '127.0.0.1',
  );
  cleanup.add('catalog', () => catalog.close());

  const admin = await startAdmin(
    parseAdminConfig({
      NODE_ENV: 'test',
      ADMIN_PORT: '0',
      DATABASE_URL: db.url,
      OIDC_ISSUER: identity.issuer,
      OIDC_AUDIENCE: identity.audience,
      OIDC_JWKS_URL: identity.jwksUri,
      // No waiting room in this run: the dashboard reports its line as unreachable.
      WAITING_ROOM_URL: 'http://127.0.0.1:9',
      ADMIN_DASHBOARD_INTERVAL_MS: '200',
    }),
    createLogger('admin', level),
    { host: '127.0.0.1', authenticator: identity.authenticator, defaultMetrics: false },
  );
  cleanup.add('admin', () => admin.close());

  const ticketKey = generateTicketSigningKey();
  booking = await startBookingStack(
    {
      databaseUrl: db.url,
      issuer: identity.issuer,
      admissionJwksUrl: identity.admissionJwksUri,
      ticketSigningKey: ticketKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      exchanges: names.exchanges,
      paymentsQueue: names.queues.payments,
      paymentsRetryDelaysMs: [200, 1_000, 5_000],
      logger: createLogger('booking', level),
    },
    cleanup,
  );
  urls = { admin: admin.server.url, catalog: catalog.server.url, booking: booking.url };
}, startupMs);

afterAll(() => cleanup.run(), startupMs);

const organizerToken = () => identity.accessToken('organizer-e2e', { roles: ['organizer'] });
async function asOrganizer(method: string, path: string, body?: unknown) {
  return call(urls.admin, method, path, { token: await organizerToken(), ...(body === undefined ? {} : { body }) });
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

test('an event built by its organizer is searchable, drawn and sold without a restart', async () => {
  const venue = await asOrganizer('POST', '/venues', {
    name: 'Quay Theatre',
    city: 'Aveiro',
    timezone: 'Europe/Lisbon',
  });
  expect(venue.status).toBe(201);
  const created = await asOrganizer('POST', '/events', {
    venueId: venue.body.id,
    name: 'Harbour Lights Orchestra',
    startsAt: inDays(20),
  });
  expect(created.status).toBe(201);
  const eventId = created.body.id as string;

  // A fan who follows a link too early: the catalog remembers the draft as missing.
  expect((await call(urls.catalog, 'GET', `/events/${eventId}`)).status).toBe(404);

  const map = await asOrganizer('PUT', `/events/${eventId}/seat-map`, {
    priceTiers: [
      { name: 'Stalls', priceCents: 6_000, currency: 'EUR' },
      { name: 'Standing', priceCents: 2_500, currency: 'EUR' },
    ],
    sections: [
      { name: 'Left', kind: 'reserved', priceTier: 'Stalls', rows: [{ label: 'A', layout: { count: 8, x: 0, y: 0 } }] },
      {
        name: 'Right',
        kind: 'reserved',
        priceTier: 'Stalls',
        rows: [{ label: 'A', layout: { count: 8, x: 100, y: 0, numbering: 'even' } }],
      },
      { name: 'Pit', kind: 'general', priceTier: 'Standing', capacity: 40 },
    ],
  });
  expect(map.status).toBe(200);
  expect((await asOrganizer('POST', `/events/${eventId}/publish`)).body.status).toBe('published');

  const found = await waitUntil(
    'the published event in the catalog search',
    () => call<{ items: Array<{ id: string }> }>(urls.catalog, 'GET', '/events?q=Harbour%20Lights'),
    (answer) => answer.body.items?.some((item) => item.id === eventId) === true,
  );
  expect(found.status).toBe(200);
  const page = await waitUntil(
    'the event page, once the catalog has forgotten the draft',
    () => call(urls.catalog, 'GET', `/events/${eventId}`),
    (answer) => answer.status === 200,
    { timeoutMs: 10_000 },
  );
  expect(page.body).toMatchObject({
    name: 'Harbour Lights Orchestra',
    venue: { city: 'Aveiro', timezone: 'Europe/Lisbon' },
  });
  const seatMap = await call<{
    sections: Array<{
      id: string;
      name: string;
      kind: string;
      rows: Array<{ seats: Array<{ id: string; label: string }> }>;
    }>;
  }>(urls.catalog, 'GET', `/events/${eventId}/seatmap`);
  expect(seatMap.body.sections.map((s) => [s.name, s.kind])).toEqual([
    ['Left', 'reserved'],
    ['Right', 'reserved'],
    ['Pit', 'general'],
  ]);
  expect(seatMap.body.sections[1]?.rows[0]?.seats.map((s) => s.label)).toEqual([
    '2',
    '4',
    '6',
    '8',
    '10',
    '12',
    '14',
    '16',
  ]);
  const availability = await call<{ sections: Array<{ capacity: number; available: number }> }>(
    urls.catalog,
    'GET',
    `/events/${eventId}/availability`,
  );
  expect(availability.body.sections.map((s) => [s.capacity, s.available])).toEqual([
    [8, 8],
    [8, 8],
    [40, 40],
  ]);

  // A drop with no queue, open now, and the sale opened.
  const drop = await asOrganizer('POST', `/events/${eventId}/drops`, {
    name: 'General sale',
    size: 56,
    opensAt: new Date(Date.now() - 1_000).toISOString(),
    queueEnabled: false,
  });
  expect(drop.status).toBe(201);
  expect((await asOrganizer('POST', `/events/${eventId}/open-sale`)).body.status).toBe('on_sale');

  // A fan holds a seat of it; the catalog and the organizer's dashboard see it.
  const seatId = seatMap.body.sections[0]?.rows[0]?.seats[0]?.id ?? '';
  const fanToken = await identity.accessToken('fan-e2e', { roles: ['fan'] });
  const hold = await call(urls.booking, 'POST', '/holds', { token: fanToken, body: { eventId, seatIds: [seatId] } });
  expect([hold.status, hold.body.dropId]).toEqual([201, drop.body.id]);
  await waitUntil(
    'the held seat in the catalog availability',
    () => call<{ seats: Record<string, string> }>(urls.catalog, 'GET', `/events/${eventId}/availability`),
    (answer) => answer.body.seats?.[seatId] === 'held',
  );
  const stats = await asOrganizer('GET', `/drops/${drop.body.id as string}/stats`);
  expect(stats.body).toMatchObject({ seats: { available: 55, held: 1, sold: 0 }, queue: { available: false } });

  // On sale, the map is final.
  const late = await asOrganizer('PUT', `/events/${eventId}/seat-map`, { priceTiers: [], sections: [] });
  expect([late.status, late.body.code]).toEqual([409, 'seat_map_locked']);
}, 120_000);
