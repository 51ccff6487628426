import fc from 'fast-check';
import type { z } from 'zod';
import type { Access, AnyRoute } from '@ticketing/common';
import { fuzzedValue, junk } from './support/arbitraries.ts';
import { databaseChecksum } from './support/database-checksum.ts';
import { createFixtures, owner, roles, type Fixtures } from './support/fixtures.ts';
import { inputSchemas, label, pathParams, requestFor, send, type RouteInput } from './support/requests.ts';
import { acceptedInput, paramValue, seedOf } from './support/route-inputs.ts';
import { startRouteStack, type RouteService, type RouteStack } from './support/route-stack.ts';

/*
 * Every mounted route's inputs (path, query, headers, body) fuzzed from its
 * zod schemas: mostly values the schema describes, so requests reach the use
 * cases and the database, now and then values of the wrong kind. Sent by a
 * user the route admits (the owner of the fixtures its path may name), none
 * may be answered 5xx, and none answered 400 or more may change the
 * database. Seeded per route (FUZZ_SEED shifts every seed, FUZZ_RUNS sets
 * the runs per route), so a failure reproduces; fast-check prints the
 * shrunk input that failed.
 */

const startupMs = 60_000;
const runs = Number(process.env.FUZZ_RUNS ?? 20);
let stack: RouteStack;
let fixtures: Fixtures;

beforeAll(async () => {
  stack = await startRouteStack('route_fuzz');
  fixtures = await createFixtures(stack);
}, startupMs);
afterAll(async () => {
  await stack?.close();
}, startupMs);

/** The caller a route admits: the owner of the fixtures of its first role, or nobody on a public route. */
function callerOf(route: AnyRoute): { user: string; role: string } | null {
  const access = route.access as Access;
  if (access === 'public') return null;
  const role = access === 'authenticated' ? 'fan' : roles.find((r) => access.includes(r));
  if (!role) throw new Error(`${route.method} ${route.path} admits none of the roles ${roles.join(', ')}`);
  return { user: owner(role), role };
}

/** A path parameter: one of the fixtures (the one the route names, most often), or anything at all. */
function paramArbitrary(route: AnyRoute, name: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constant(paramValue(route, name, fixtures)), weight: 3 },
    { arbitrary: fc.constantFrom(...Object.values(fixtures)), weight: 1 },
    { arbitrary: junk, weight: 1 },
  );
}

/** Each part fuzzed, or now and then the input the schema accepts, so use cases past validation see traffic too. */
function inputArbitrary(route: AnyRoute): fc.Arbitrary<RouteInput> {
  const schemas = inputSchemas(route);
  const params = pathParams(route);
  const accepted = acceptedInput(route, fixtures);
  const part = (schema: z.ZodType, value: unknown) =>
    fc.oneof({ arbitrary: fuzzedValue(schema), weight: 3 }, { arbitrary: fc.constant(value), weight: 1 });
  const parts: Record<string, fc.Arbitrary<unknown>> = {
    params: fc.record(Object.fromEntries(params.map((name) => [name, paramArbitrary(route, name)]))),
  };
  if (schemas.query) parts.query = part(schemas.query, accepted.query);
  if (schemas.headers) parts.headers = part(schemas.headers, accepted.headers);
  if (schemas.body) parts.body = part(schemas.body, accepted.body);
  return fc.record(parts);
}

async function fuzz(service: RouteService, route: AnyRoute): Promise<void> {
  const caller = callerOf(route);
  const token = caller ? await stack.accessToken(caller.user, [caller.role]) : null;
  const seed = seedOf(`${route.method} ${route.path}`);
  const property = fc.asyncProperty(inputArbitrary(route), async (input) => {
    const request = requestFor(route, input);
    const before = await databaseChecksum(stack.booking);
    const answer = await send(service.url, route, request, token);
    const summary = `${route.method.toUpperCase()} ${request.path} answered ${answer.status} ${answer.text.slice(0, 300)}`;
    if (answer.status >= 500) throw new Error(summary);
    if (answer.status >= 400) {
      const after = await databaseChecksum(stack.booking);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length > 0) throw new Error(`${summary}, yet changed ${changed.join(', ')}`);
    }
  });
  await fc.assert(property, { numRuns: runs, seed });
}

const services = ['admin', 'booking', 'booking (stripe)', 'catalog', 'waiting-room'] as const;

test.each(services)(
  '%s: no fuzzed input is answered 5xx, and none refused changes the database',
  async (name) => {
    const service = stack.services.find((candidate) => candidate.name === name);
    if (!service) throw new Error(`the route stack has no service ${name}`);
    expect(service.routes.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const route of service.routes) {
      try {
        await fuzz(service, route);
      } catch (error) {
        // fast-check's message names the seed and the shrunk input; its cause says what the server answered.
        const cause = error instanceof Error && error.cause instanceof Error ? `\n${error.cause.message}` : '';
        failures.push(`${label(name, route)}: ${error instanceof Error ? error.message : String(error)}${cause}`);
      }
    }
    expect(failures).toEqual([]);
  },
  300_000,
);
