import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Access, AnyRoute } from '@ticketing/common';
import { databaseChecksum } from './support/database-checksum.ts';
import { createFixtures, owner, roles, stranger, type Fixtures, type Role } from './support/fixtures.ts';
import { label, requestFor, send, type Answer } from './support/requests.ts';
import { acceptedInput } from './support/route-inputs.ts';
import { startRouteStack, type RouteService, type RouteStack } from './support/route-stack.ts';

/*
 * The authorization matrix, generated from the route declarations every
 * service mounted: each route is called with no token and by one user of
 * each realm role, and answers as its `access` declares (401 without a
 * token, 403 insufficient_role to a role it does not list, neither to one it
 * does); each route whose path names someone's venue, event, drop, hold,
 * order or payment (its `owned` declaration) answers another user with the
 * same role 404 as if it did not exist. A refused call changes nothing in
 * the database. A route added to a service is in the matrix without a new
 * test; the last test fails if a route is declared somewhere this file does
 * not start.
 */

const startupMs = 60_000;
let stack: RouteStack;
let fixtures: Fixtures;

beforeAll(async () => {
  stack = await startRouteStack('authorization_matrix');
  fixtures = await createFixtures(stack);
}, startupMs);
afterAll(async () => {
  await stack?.close();
}, startupMs);

/*
 * The route lists are only known once the services run, after jest has
 * collected the tests; so the tests are one per service and route name the
 * declarations they walk in their failure messages.
 */
const services = ['admin', 'booking', 'booking (stripe)', 'catalog', 'waiting-room'] as const;
const serviceNamed = (name: string): RouteService => {
  const found = stack.services.find((service) => service.name === name);
  if (!found) throw new Error(`the route stack has no service ${name}`);
  return found;
};

const accessOf = (route: AnyRoute) => route.access as Access;
const admits = (route: AnyRoute, role: Role) => {
  const access = accessOf(route);
  return access === 'public' || access === 'authenticated' || access.includes(role);
};

async function call(service: RouteService, route: AnyRoute, caller: { user: string; role: Role } | null) {
  const token = caller ? await stack.accessToken(caller.user, [caller.role]) : null;
  return send(service.url, route, requestFor(route, acceptedInput(route, fixtures)), token);
}

/** Calls, and checks that an answer of 400 or more changed nothing in the database. */
async function callChecked(service: RouteService, route: AnyRoute, caller: { user: string; role: Role } | null) {
  const before = await databaseChecksum(stack.booking);
  const answer = await call(service, route, caller);
  if (answer.status >= 400) expect(await databaseChecksum(stack.booking)).toEqual(before);
  return answer;
}

const seen = (who: string, answer: Answer) => ({ who, status: answer.status, code: answer.code });

describe.each(services)('%s', (name) => {
  test('answers another user with the same role 404 on a route naming what is not theirs, and changes nothing', async () => {
    const service = serviceNamed(name);
    const owned = service.routes.filter((route) => route.owned);
    for (const route of owned) {
      const access = accessOf(route);
      // An admin manages everyone's: the stranger holds a role the route admits that is not admin.
      const role = roles.find((r) => r !== 'admin' && Array.isArray(access) && access.includes(r));
      if (!role) throw new Error(`${label(name, route)} is owned but admits no role but admin`);
      const answer = await callChecked(service, route, { user: stranger(role), role });
      expect({ route: label(name, route), ...seen(stranger(role), answer) }).toEqual({
        route: label(name, route),
        who: stranger(role),
        status: 404,
        code: route.owned?.notFound,
      });
    }
  });

  test('answers every role as its access declares, and a refusal changes nothing', async () => {
    const service = serviceNamed(name);
    expect(service.routes.length).toBeGreaterThan(0);
    for (const route of service.routes) {
      const route_ = label(name, route);
      const anonymous = await callChecked(service, route, null);
      if (accessOf(route) === 'public') {
        expect({ route: route_, refused: anonymous.status === 401 || anonymous.status === 403 }).toEqual({
          route: route_,
          refused: false,
        });
      } else {
        expect({ route: route_, ...seen('anonymous', anonymous) }).toEqual({
          route: route_,
          who: 'anonymous',
          status: 401,
          code: 'auth_required',
        });
      }
      for (const role of roles) {
        const answer = await callChecked(service, route, { user: owner(role), role });
        if (admits(route, role)) {
          // Let in: whatever the use case answers, never an access refusal, never a 5xx.
          const refused = answer.status === 401 || answer.code === 'insufficient_role' || answer.status >= 500;
          expect({ route: route_, ...seen(role, answer), refused }).toEqual({
            route: route_,
            ...seen(role, answer),
            refused: false,
          });
        } else {
          expect({ route: route_, ...seen(role, answer) }).toEqual({
            route: route_,
            who: role,
            status: 403,
            code: 'insufficient_role',
          });
        }
      }
    }
  });
});

/*
 * Routes declared in a file whose process this test does not start, and
 * why they are not in the matrix. Any other declared route must be mounted
 * by one of the services above.
 */
const notInMatrix: Record<string, string> = {
  'admin/src/gate-hub/routes.ts':
    'the gate hub is a door-side appliance authenticated by its device key, not by realm roles',
  'notifier/src/catcher/app.ts': 'the development mail catcher, never deployed',
};

const root = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'testing' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

test('every route declared in the source is in the matrix, with roles and owners it can check', () => {
  const workspaces = new Set(stack.services.map((service) => service.workspace));
  const missing: string[] = [];
  for (const workspace of readdirSync(root)) {
    let files: string[];
    try {
      files = sourceFiles(join(root, workspace, 'src'));
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const path = relative(root, file);
      if (!text.includes('defineRoute(') || path in notInMatrix || workspace === 'common') continue;
      for (const match of text.matchAll(/method:\s*'(\w+)',\s*path:\s*(['`])(.+?)\2/g)) {
        const [, method = '', , declared = ''] = match;
        const pattern = new RegExp(
          `^${declared
            .split(/\$\{[^}]+\}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^/]+')}$`,
        );
        const mounted = stack.services.some(
          (service) =>
            service.workspace === workspace &&
            service.routes.some((route) => route.method === method && pattern.test(route.path)),
        );
        if (!mounted || !workspaces.has(workspace as RouteService['workspace'])) {
          missing.push(`${path}: ${method.toUpperCase()} ${declared}`);
        }
      }
    }
  }
  expect(missing).toEqual([]);

  const unchecked: string[] = [];
  for (const service of stack.services) {
    for (const route of service.routes) {
      const access = accessOf(route);
      const listed: readonly string[] = Array.isArray(access) ? access : [];
      for (const role of listed) {
        if (!(roles as readonly string[]).includes(role)) unchecked.push(`${label(service.name, route)}: role ${role}`);
      }
      if (route.owned) {
        if (!fixtures[route.owned.resource])
          unchecked.push(`${label(service.name, route)}: no ${route.owned.resource} fixture`);
        if (!route.path.includes(`:${route.owned.param}`))
          unchecked.push(`${label(service.name, route)}: no :${route.owned.param}`);
      }
    }
  }
  expect(unchecked).toEqual([]);
});
