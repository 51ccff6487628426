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
];

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
