import { defineRoute } from '@ticketing/common';
import { startTcpProxy, type TcpProxy } from '@ticketing/common/testing';
import { z } from 'zod';
import { bookingRouteModules, type RouteModule } from '../composition.ts';
import { apiClient, type ApiCall } from '../testing/api-client.ts';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';

/**
 * PostgreSQL that stops answering without closing anything (a network
 * partition, a hung server): requests fail fast with 503
 * database_unavailable and Retry-After, readiness turns unready, and service
 * resumes by itself once the server answers again.
 */

let proxy: TcpProxy;
let app: BookingTestApp;
let call: ApiCall;

/** A transaction that writes nothing, the way every use case opens one. */
const probe: RouteModule = ({ db }) => [
  defineRoute({
    method: 'post',
    path: '/probe',
    access: 'public',
    output: { 200: z.object({ one: z.number() }) },
    async handler() {
      const [row] = await db.transaction((sql) => sql.query<{ one: number }>('SELECT 1 AS one'));
      return { status: 200 as const, body: { one: row?.one ?? 0 } };
    },
  }),
  // Statements that take a while, so the connection can be closed under them.
  defineRoute({
    method: 'post',
    path: '/probe/slow',
    access: 'public',
    output: { 200: z.object({ one: z.number() }) },
    async handler() {
      const [row] = await db.transaction((sql) => sql.query<{ one: number }>('SELECT 1 AS one FROM pg_sleep(0.6)'));
      return { status: 200 as const, body: { one: row?.one ?? 0 } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/probe/slow-autocommit',
    access: 'public',
    output: { 200: z.object({ one: z.number() }) },
    async handler() {
      const [row] = await db.autocommit((sql) => sql.query<{ one: number }>('SELECT 1 AS one FROM pg_sleep(0.6)'));
      return { status: 200 as const, body: { one: row?.one ?? 0 } };
    },
  }),
];

beforeAll(async () => {
  proxy = await startTcpProxy(5432);
  app = await startBookingTestApp('silent_pg', {
    routeModules: [...bookingRouteModules, probe],
    databaseUrl: (url) => {
      const proxied = new URL(url);
      proxied.host = `127.0.0.1:${proxy.port}`;
      return proxied.toString();
    },
  });
  call = apiClient(app);
});
afterAll(async () => {
  proxy.restore();
  await app.close();
  await proxy.close();
});

async function timed<T>(request: () => Promise<T>): Promise<{ answer: T; ms: number }> {
  const started = performance.now();
  const answer = await request();
  return { answer, ms: performance.now() - started };
}

const ready = async () => (await fetch(`${app.url}/ready`)).status;

// A hang would last until TCP gives up (minutes); this bound only tells a fast failure from one.
const noHangMs = 5_000;

test('a silent PostgreSQL answers 503 database_unavailable with Retry-After, then recovers without a restart', async () => {
  expect((await call('GET', '/me/orders')).status).toBe(200);
  expect((await call('POST', '/probe', { as: null })).status).toBe(200);
  expect(await ready()).toBe(200);

  proxy.silence();
  // The first request after the silence begins waits for the watch to notice it.
  const first = await timed(() => call('GET', '/me/orders'));
  expect([first.answer.status, first.answer.body.code]).toEqual([503, 'database_unavailable']);
  expect(Number(first.answer.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(first.ms).toBeLessThan(noHangMs);

  const inTransaction = await timed(() => call('POST', '/probe', { as: null }));
  expect([inTransaction.answer.status, inTransaction.answer.body.code]).toEqual([503, 'database_unavailable']);
  expect(inTransaction.ms).toBeLessThan(noHangMs);
  expect(await ready()).toBe(503);
  console.info(
    `silent PostgreSQL: first 503 after ${first.ms.toFixed(0)} ms, next after ${inTransaction.ms.toFixed(0)} ms`,
  );

  proxy.restore();
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = (await call('GET', '/me/orders')).status;
  }
  expect(status).toBe(200);
  expect((await call('POST', '/probe', { as: null })).status).toBe(200);
  expect(await ready()).toBe(200);
}, 30_000);

test('a PostgreSQL that closes the connections under running statements answers 503, not 500', async () => {
  expect((await call('POST', '/probe/slow', { as: null })).status).toBe(200);
  expect((await call('POST', '/probe/slow-autocommit', { as: null })).status).toBe(200);

  // A server shutting down, a pooler losing its backend: the connection ends with no SQLSTATE.
  const inTransaction = call('POST', '/probe/slow', { as: null });
  const autocommitted = call('POST', '/probe/slow-autocommit', { as: null });
  await new Promise((resolve) => setTimeout(resolve, 250));
  proxy.cut();
  for (const answer of await Promise.all([inTransaction, autocommitted])) {
    expect([answer.status, answer.body.code]).toEqual([503, 'database_unavailable']);
  }

  proxy.restore();
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = (await call('POST', '/probe/slow', { as: null })).status;
  }
  expect(status).toBe(200);
}, 30_000);
