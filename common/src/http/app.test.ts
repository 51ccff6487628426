import { z } from 'zod';
import { createApp } from './app.ts';
import { defineRoute, mountRoutes } from './route.ts';
import { listen, type RunningServer } from './server.ts';
import { createLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { conflict } from '../errors.ts';
import { closeRedis, createRedis, pingRedis } from '../stores/redis.ts';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.ts';

const logger = createLogger('app-test', 'silent');

const routes = [
  defineRoute({
    method: 'post',
    path: '/things',
    access: 'public',
    input: {
      body: z.object({ name: z.string().min(1), count: z.number().int().positive() }),
      query: z.object({ dryRun: z.enum(['yes', 'no']).optional() }),
    },
    output: { 201: z.object({ name: z.string(), count: z.number() }) },
    async handler({ input }) {
      // The extra member must not reach the client: the output schema strips it.
      return { status: 201, body: { ...input.body, secret: 'internal' } as { name: string; count: number } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/taken',
    access: 'public',
    output: {},
    async handler() {
      throw conflict('seat_unavailable', 'Seats are taken', { details: { seats: ['A-1'] } });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/boom',
    access: 'public',
    output: {},
    async handler() {
      throw new Error('password=hunter2 in a stack trace');
    },
  }),
  defineRoute({
    method: 'get',
    path: '/slow',
    access: 'public',
    output: { 200: z.object({ done: z.boolean() }) },
    async handler() {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { status: 200, body: { done: true } };
    },
  }),
];

let proxy: TcpProxy;
let server: RunningServer;
let redis: ReturnType<typeof createRedis>;

beforeAll(async () => {
  proxy = await startTcpProxy(6379);
  redis = createRedis({ url: `redis://127.0.0.1:${proxy.port}`, commandTimeoutMs: 500 }, logger);
  const { app, router } = createApp({
    service: 'app-test',
    logger,
    metrics: createMetrics('app-test', { defaults: false }),
    readiness: { redis: () => pingRedis(redis) },
    readinessTimeoutMs: 500,
  });
  mountRoutes(router, routes);
  server = await listen(app, 0, '127.0.0.1');
});

afterAll(async () => {
  await server.close(100);
  await closeRedis(redis);
  await proxy.close();
});

const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${server.url}${path}`, { method: 'POST', body, headers });

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { code: string; status: number; [k: string]: unknown };
}

describe('the app factory', () => {
  test('answers a valid request through the output schema, stripping unknown members', async () => {
    const response = await post('/things', JSON.stringify({ name: 'a', count: 2 }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ name: 'a', count: 2 });
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  test('reports every invalid field, not only the first', async () => {
    const response = await fetch(`${server.url}/things?dryRun=maybe`, {
      method: 'POST',
      body: JSON.stringify({ name: '', count: -1 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    const body = await problem(response);
    expect(body.code).toBe('validation_failed');
    const errors = body.errors as Array<{ in: string; path: string }>;
    expect(errors.map((e) => `${e.in}:${e.path}`).sort()).toEqual(['body:count', 'body:name', 'query:dryRun']);
  });

  test('malformed JSON is a 400 problem', async () => {
    const response = await post('/things', '{"name": ');
    expect(response.status).toBe(400);
    expect((await problem(response)).code).toBe('invalid_json');
  });

  test('an oversized body is a 413 problem', async () => {
    const response = await post('/things', JSON.stringify({ name: 'x'.repeat(200_000), count: 1 }));
    expect(response.status).toBe(413);
    expect((await problem(response)).code).toBe('payload_too_large');
  });

  test('a body that is not JSON is a 415 problem', async () => {
    const response = await post('/things', 'name=a', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
    expect((await problem(response)).code).toBe('unsupported_media_type');
  });

  test('an unknown route is a 404 problem and a wrong method a 405', async () => {
    const missing = await fetch(`${server.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect((await problem(missing)).code).toBe('route_not_found');
    const wrongMethod = await fetch(`${server.url}/things`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect((await problem(wrongMethod)).code).toBe('method_not_allowed');
  });

  test('a domain error maps by kind and keeps its details', async () => {
    const response = await fetch(`${server.url}/taken`);
    expect(response.status).toBe(409);
    const body = await problem(response);
    expect(body).toMatchObject({ code: 'seat_unavailable', seats: ['A-1'], status: 409 });
  });

  test('an unexpected error is a generic 500 that leaks nothing', async () => {
    const response = await fetch(`${server.url}/boom`, { headers: { 'x-request-id': 'req-123' } });
    expect(response.status).toBe(500);
    const body = await problem(response);
    expect(body.code).toBe('internal_error');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(body.instance).toBe('urn:request:req-123');
  });

  test('metrics expose request durations by route template', async () => {
    await fetch(`${server.url}/health`);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health"/);
  });

  test('readiness follows Redis: unready while it is unreachable, ready when it returns', async () => {
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    proxy.cut();
    const down = await fetch(`${server.url}/ready`);
    expect(down.status).toBe(503);
    const body = await problem(down);
    expect(body.code).toBe('not_ready');
    expect((body.checks as Record<string, string>).redis).not.toBe('ok');
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    proxy.restore();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await fetch(`${server.url}/ready`)).status;
    }
    expect(status).toBe(200);
  });
});

describe('graceful shutdown', () => {
  test('finishes in-flight requests and then refuses new connections', async () => {
    const { app, router } = createApp({
      service: 'drain-test',
      logger,
      metrics: createMetrics('drain', { defaults: false }),
    });
    mountRoutes(router, routes);
    const own = await listen(app, 0, '127.0.0.1');
    const inFlight = fetch(`${own.url}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = own.close(5_000);
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closed;
    await expect(fetch(`${own.url}/health`)).rejects.toThrow();
  });
});

describe('graceful shutdown with a spare connection', () => {
  test('a connection that never sent a request does not hold the drain open', async () => {
    const { connect } = await import('node:net');
    const { app } = createApp({ service: 'spare-test', logger, metrics: createMetrics('spare', { defaults: false }) });
    const own = await listen(app, 0, '127.0.0.1');
    const spare = connect(own.port, '127.0.0.1');
    await new Promise((resolve) => spare.once('connect', resolve));
    const ended = new Promise((resolve) => spare.once('close', resolve));
    // A drain of a minute: only closing the idle spare at once lets this finish in the test's time.
    await own.close(60_000);
    await ended;
  });
});
