import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { z } from 'zod';
import type { AnyRoute } from '@ticketing/common';
import { fittingValue } from './arbitraries.ts';
import type { Fixtures } from './fixtures.ts';
import { inputSchemas, pathParams, type RouteInput } from './requests.ts';

/** A stable seed per route, so a failure reproduces; FUZZ_SEED shifts them all. */
export function seedOf(text: string): number {
  let hash = Number(process.env.FUZZ_SEED ?? 0) | 0;
  for (const char of text) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/**
 * The value for a path parameter: the fixture the route's `owned`
 * declaration names, else the fixture a `somethingId` parameter names,
 * else an id nothing has.
 */
export function paramValue(route: AnyRoute, name: string, fixtures: Fixtures): string {
  if (route.owned?.param === name) {
    const owned = fixtures[route.owned.resource];
    if (!owned) throw new Error(`no fixture for the ${route.owned.resource} that ${route.path} names`);
    return owned;
  }
  return fixtures[name.replace(/Id$/, '')] ?? randomUUID();
}

/** A value the schema accepts, found among samples of its JSON Schema; the first sample if none parses. */
function sampleAccepted(schema: z.ZodType, seed: number): unknown {
  const samples = fc.sample(fittingValue(schema), { numRuns: 60, seed });
  return samples.find((value) => schema.safeParse(value).success) ?? samples[0];
}

/*
 * Bodies a generator does not find by chance: rules the use case checks
 * beyond the schema (a seat map's tiers must match its sections). A route
 * whose generated body the use case refuses before it looks for the
 * resource needs one here for the wrong-owner check, which fails until it has.
 */
const knownBodies: Record<string, unknown> = {
  'post /venues': { name: 'Hall', city: 'Faro', timezone: 'Europe/Lisbon' },
  'put /events/:id/seat-map': {
    priceTiers: [{ name: 'Front', priceCents: 9_000, currency: 'EUR' }],
    sections: [
      {
        name: 'Stalls',
        kind: 'reserved',
        priceTier: 'Front',
        geometry: { shape: 'rect', x: 0, y: 100, width: 200, height: 40 },
        rows: [{ label: 'A', seats: [{ label: '1', x: 10, y: 110 }] }],
      },
    ],
  },
  'put /events/:id/seat-map/csv': 'section,row,seat,tier,price_cents,currency\nMain,A,1,Gold,100,EUR\n',
};

/** An input the route's schemas accept, naming the fixtures in its path. */
export function acceptedInput(route: AnyRoute, fixtures: Fixtures): RouteInput {
  const schemas = inputSchemas(route);
  const key = `${route.method} ${route.path}`;
  const seed = seedOf(key);
  const input: RouteInput = {};
  if (schemas.query) input.query = sampleAccepted(schemas.query, seed);
  if (schemas.headers) input.headers = sampleAccepted(schemas.headers, seed);
  if (schemas.body) input.body = key in knownBodies ? knownBodies[key] : sampleAccepted(schemas.body, seed);
  input.params = Object.fromEntries(pathParams(route).map((name) => [name, paramValue(route, name, fixtures)]));
  return input;
}
