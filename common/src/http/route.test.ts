import { z } from 'zod';
import type { Authenticator, Principal } from '../auth/principal.ts';
import { createLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { createApp } from './app.ts';
import { defineRoute, mountRoutes } from './route.ts';
import { listen, type RunningServer } from './server.ts';

const principal = (id: string, roles: string[]): Principal => ({
  id,
  roles,
  username: id,
  email: undefined,
  name: undefined,
  clientId: 'test',
});

/** Tokens are `<user>:<role>,<role>`; anything else is refused as a bad token would be. */
const authenticator: Authenticator = {
  async verify(token) {
    const [id, roles] = token.split(':');
    if (!id || roles === undefined) throw new Error('not a test token');
    return principal(id, roles.split(',').filter(Boolean));
  },
};

/** One that verifies a token and yields nobody: a wiring mistake the route machinery must catch. */
const nobody: Authenticator = { verify: async () => undefined as unknown as Principal };

const caller = z.object({ user: z.string().nullable() });

const routes = [
  defineRoute({
    method: 'get',
    path: '/organizers/me',
    access: ['organizer', 'admin'],
    output: { 200: caller },
    async handler({ user }) {
      // Typed as a Principal: no check, no helper.
      const signedIn: Principal = user;
      return { status: 200, body: { user: signedIn.id } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/anyone/me',
    access: 'authenticated',
    output: { 200: caller },
    async handler({ user }) {
      return { status: 200, body: { user: user.id } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/public',
    access: 'public',
    output: { 200: caller },
    async handler({ user }) {
      const nobodyHere: undefined = user;
      return { status: 200, body: { user: nobodyHere ?? null } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/lines',
    access: 'public',
    bodyMediaType: 'text/csv',
    bodyLimit: 64,
    input: { body: z.string().min(1) },
    output: { 200: z.object({ lines: z.number() }) },
    async handler({ input }) {
      return { status: 200, body: { lines: input.body.trim().split('\n').length } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/labels/:name',
    access: 'public',
    input: {
      params: z.object({ name: z.string() }),
      query: z.object({ q: z.string().optional() }),
      body: z.object({ tags: z.array(z.string()), note: z.string().optional() }),
    },
    output: { 200: z.object({ calls: z.number() }) },
    async handler() {
      labelCalls += 1;
      return { status: 200, body: { calls: labelCalls } };
    },
  }),
];
let labelCalls = 0;

const servers: RunningServer[] = [];

async function serve(auth: Authenticator): Promise<string> {
  const { app, router } = createApp({
    service: 'route-test',
    logger: createLogger('route-test', 'silent'),
    metrics: createMetrics('route-test', { defaults: false }),
  });
  mountRoutes(router, routes, { authenticator: auth });
  const server = await listen(app, 0, '127.0.0.1');
  servers.push(server);
  return server.url;
}

let url: string;
beforeAll(async () => {
  url = await serve(authenticator);
});
afterAll(async () => {
  for (const server of servers) await server.close(100);
});

async function get(base: string, path: string, token?: string) {
  const response = await fetch(`${base}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the signed-in user of a route', () => {
  test('a route that needs roles gets the verified caller', async () => {
    expect(await get(url, '/organizers/me', 'organizer-1:organizer')).toEqual({
      status: 200,
      body: { user: 'organizer-1' },
    });
    expect(await get(url, '/anyone/me', 'fan-1:fan')).toEqual({ status: 200, body: { user: 'fan-1' } });
  });

  test('no token is 401 auth_required, the wrong role 403 insufficient_role', async () => {
    const anonymous = await get(url, '/organizers/me');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'auth_required']);
    const fan = await get(url, '/organizers/me', 'fan-1:fan');
    expect([fan.status, fan.body.code]).toEqual([403, 'insufficient_role']);
  });

  test('a public route sees nobody, even when a token is sent', async () => {
    expect(await get(url, '/public', 'organizer-1:organizer')).toEqual({ status: 200, body: { user: null } });
  });

  test('a protected route that ends up with no user answers 401 auth_required, not 500', async () => {
    const broken = await serve(nobody);
    const answer = await get(broken, '/anyone/me', 'fan-1:fan');
    expect([answer.status, answer.body.code]).toEqual([401, 'auth_required']);
  });
});

describe('a route that takes a text body', () => {
  const put = async (body: string | Uint8Array, type: string) => {
    const response = await fetch(`${url}/lines`, { method: 'PUT', headers: { 'content-type': type }, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  test('its schema gets the text; another media type, bad UTF-8 or too much is refused with its code', async () => {
    expect(await put('a,b\nc,d\n', 'text/csv; charset=utf-8')).toEqual({ status: 200, body: { lines: 2 } });
    expect((await put('{"a":1}', 'application/json')).body.code).toBe('unsupported_media_type');
    expect((await put(new Uint8Array([0x61, 0xff, 0x62]), 'text/csv')).body.code).toBe('invalid_encoding');
    expect((await put('x'.repeat(65), 'text/csv')).body.code).toBe('payload_too_large');
    const empty = await put('', 'text/csv');
    expect([empty.status, empty.body.code]).toEqual([400, 'validation_failed']);
  });
});

describe('NUL characters in the input', () => {
  const post = async (path: string, body: string) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const fields = (answer: { body: Record<string, unknown> }) =>
    (answer.body.errors as Array<{ in: string; path: string; code: string }>).map((e) => [e.in, e.path, e.code]);

  test('in the path, the query, a body value or a body key: 400 with the field named, and no handler runs', async () => {
    const before = labelCalls;
    const inPath = await post('/labels/a%00b', '{"tags":[]}');
    expect([inPath.status, inPath.body.code]).toEqual([400, 'validation_failed']);
    expect(fields(inPath)).toEqual([['params', 'name', 'nul_character']]);

    const inQuery = await post('/labels/a?q=x%00', '{"tags":[]}');
    expect([inQuery.status, fields(inQuery)]).toEqual([400, [['query', 'q', 'nul_character']]]);

    const inBody = await post('/labels/a', JSON.stringify({ tags: ['ok', 'b\u0000d'], note: '\u0000' }));
    expect([inBody.status, fields(inBody)]).toEqual([
      400,
      [
        ['body', 'tags.1', 'nul_character'],
        ['body', 'note', 'nul_character'],
      ],
    ]);

    const inKey = await post('/labels/a', '{"tags":[],"x\\u0000":1}');
    expect([inKey.status, fields(inKey)]).toEqual([400, [['body', 'x\\u0000', 'nul_character']]]);
    expect(labelCalls).toBe(before);

    const clean = await post('/labels/a?q=x', '{"tags":["ok"]}');
    expect([clean.status, clean.body]).toEqual([200, { calls: before + 1 }]);
  });
});
