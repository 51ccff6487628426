import { createLogger } from '@ticketing/common';
import { connectBookingTestDatabase, createEvent, type BookingTestDatabase } from '@ticketing/booking/testing';
import { createHarness, type Harness } from '@ticketing/waiting-room/testing';
import { fanClient } from '@ticketing/waiting-room/testing';
import type { RunningWaitingRoom } from '@ticketing/waiting-room';
import { startAdmin, type RunningAdmin } from '../composition.ts';
import { parseAdminConfig } from '../config.ts';

/* The dashboard against the real waiting room: its own Redis prefix, queues and identity, one instance. */

let harness: Harness;
let waitingRoom: RunningWaitingRoom;
let admin: RunningAdmin;
let booking: BookingTestDatabase;

beforeAll(async () => {
  harness = await createHarness('admin-stats');
  waitingRoom = await harness.start();
  booking = await connectBookingTestDatabase(harness.database.url);
  admin = await startAdmin(
    parseAdminConfig({
      NODE_ENV: 'test',
      ADMIN_PORT: '0',
      DATABASE_URL: harness.database.url,
      OIDC_ISSUER: harness.identity.issuer,
      OIDC_AUDIENCE: harness.identity.audience,
      OIDC_JWKS_URL: harness.identity.jwksUri,
      WAITING_ROOM_URL: waitingRoom.url,
    }),
    createLogger('admin-stats', 'silent'),
    { host: '127.0.0.1', defaultMetrics: false },
  );
});
afterAll(async () => {
  await admin.close();
  await booking.close();
  await harness.close();
});

async function asOrganizer(method: string, path: string, body?: unknown) {
  const token = await harness.identity.token('organizer-1', ['organizer']);
  const response = await fetch(`${admin.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('a drop made through the admin service shows the waiting room’s line on its dashboard', async () => {
  const event = await createEvent(booking.sql(), { organizerId: 'organizer-1' });
  const created = await asOrganizer('POST', `/events/${event.id}/drops`, {
    name: 'Main sale',
    size: 100,
    opensAt: new Date(Date.now() + 3_600_000).toISOString(),
    prequeueOpensAt: new Date(Date.now() - 60_000).toISOString(),
  });
  expect(created.status).toBe(201);
  const dropId = created.body.id as string;

  for (const fan of ['fan-1', 'fan-2', 'fan-3']) {
    const joined = await fanClient(waitingRoom.url, dropId, await harness.identity.token(fan)).join();
    expect(joined.status).toBeLessThan(300);
  }

  const stats = await asOrganizer('GET', `/drops/${dropId}/stats`);
  expect(stats.status).toBe(200);
  expect(stats.body.queue).toMatchObject({
    available: true,
    phase: 'prequeue',
    waiting: 3,
    prequeued: 3,
    admitted: 0,
    configuredRatePerMinute: 600,
  });
  expect(stats.body.seats).toEqual({ available: 0, held: 0, sold: 0 });

  const other = await fetch(`${admin.server.url}/drops/${dropId}/stats`, {
    headers: { authorization: `Bearer ${await harness.identity.token('organizer-2', ['organizer'])}` },
  });
  expect(other.status).toBe(404);
});
