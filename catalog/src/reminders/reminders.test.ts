import { randomUUID } from 'node:crypto';
import { createWorld, updateDrop, type World } from '@ticketing/booking/testing';
import { createReminderStore } from '@ticketing/common';
import { startCatalogHarness, type CatalogHarness } from '../testing/harness.ts';
import { startTestIssuer, type TestIssuer } from '../testing/identity.ts';

let issuer: TestIssuer;
let h: CatalogHarness;
let upcoming: World;
let open: World;

beforeAll(async () => {
  issuer = await startTestIssuer();
  h = await startCatalogHarness('catalog_reminders', { CATALOG_FEEDER: 'false', ...issuer.env });
  upcoming = await createWorld(h.pool);
  await updateDrop(h.pool, upcoming.dropId, { opensAt: new Date(Date.now() + 2 * 86_400_000) });
  open = await createWorld(h.pool);
});

afterAll(async () => {
  await h.close();
  await issuer.close();
});

async function call(method: string, dropId: string, token: string | undefined, body?: unknown) {
  const response = await fetch(`${h.url}/drops/${dropId}/reminder`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> | undefined,
  };
}

test('a fan asks to be reminded of a drop, asking twice is harmless, and can take it back', async () => {
  const store = createReminderStore(h.redis);
  const ana = await issuer.token('fan-ana', { email: 'ana@example.test', name: 'Ana' });
  expect(await call('PUT', upcoming.dropId, ana)).toEqual({
    status: 200,
    body: { dropId: upcoming.dropId, subscribed: true },
  });
  expect((await call('PUT', upcoming.dropId, ana)).status).toBe(200);
  const bo = await issuer.token('fan-bo');
  expect((await call('PUT', upcoming.dropId, bo, { email: 'bo@example.test' })).status).toBe(200);
  expect(await store.subscribers(upcoming.dropId)).toEqual([
    { userId: 'fan-ana', email: 'ana@example.test', name: 'Ana' },
    { userId: 'fan-bo', email: 'bo@example.test', name: null },
  ]);
  expect((await call('GET', upcoming.dropId, ana)).body).toEqual({ dropId: upcoming.dropId, subscribed: true });

  expect((await call('DELETE', upcoming.dropId, ana)).status).toBe(204);
  expect((await call('GET', upcoming.dropId, ana)).body).toEqual({ dropId: upcoming.dropId, subscribed: false });
  expect((await store.subscribers(upcoming.dropId)).map((s) => s.userId)).toEqual(['fan-bo']);
});

test('refusals carry codes and change nothing', async () => {
  const store = createReminderStore(h.redis);
  const fan = await issuer.token('fan-cy');
  const cases: Array<[Promise<{ status: number; body?: Record<string, unknown> }>, number, string]> = [
    [call('PUT', upcoming.dropId, undefined), 401, 'auth_required'],
    [
      call('PUT', upcoming.dropId, await issuer.token('gate-1', { roles: ['gate'] }), { email: 'g@example.test' }),
      403,
      'insufficient_role',
    ],
    [call('PUT', upcoming.dropId, fan), 422, 'email_required'],
    [call('PUT', upcoming.dropId, fan, { email: 'not-an-address' }), 400, 'validation_failed'],
    [call('PUT', randomUUID(), fan, { email: 'cy@example.test' }), 404, 'drop_not_found'],
    [call('PUT', open.dropId, fan, { email: 'cy@example.test' }), 409, 'drop_already_open'],
    [call('PUT', 'nope', fan, { email: 'cy@example.test' }), 400, 'validation_failed'],
  ];
  for (const [pending, status, code] of cases) {
    const response = await pending;
    expect([response.status, response.body?.code]).toEqual([status, code]);
  }
  expect((await store.subscribers(upcoming.dropId)).map((s) => s.userId)).not.toContain('fan-cy');
  expect(await store.subscribers(open.dropId)).toEqual([]);
});
