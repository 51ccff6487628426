import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { defineRoute, isDomainError, unavailable, eventStreamAnswer } from '@ticketing/common';
import { eventIdParams } from '../events/schema.ts';
import type { EventCatalog } from '../events/service.ts';
import type { AvailabilityCache } from './cache.ts';
import { serializedAvailability } from './schema.ts';
import type { StreamHub } from './stream-hub.ts';

export interface AvailabilityRouteOptions {
  cache: AvailabilityCache;
  hub: StreamHub;
  catalog: EventCatalog;
  staleWhileRevalidateSeconds: number;
}

/** A single strong tag the cache can compare; lists and weak tags are compared after the read. */
function singleTag(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.length === 1 ? tags[0] : undefined;
}

function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag);
}

/**
 * Availability is served from Redis: while it is unreachable the answer is a
 * 503 the client (or CDN) retries, not a stampede onto PostgreSQL.
 */
async function dependent<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error)) throw error;
    throw unavailable('availability_unavailable', 'Availability is unavailable for a moment; retry', {
      retryAfter: 1,
      cause: error,
    });
  }
}

export function availabilityRoutes(options: AvailabilityRouteOptions) {
  const { cache, hub, catalog } = options;
  // One second fresh is enough for a CDN to absorb a stampede to one request per second per edge.
  const cacheControl = `public, max-age=1, stale-while-revalidate=${options.staleWhileRevalidateSeconds}`;
  return [
    defineRoute({
      method: 'get',
      path: '/events/:id/availability',
      access: 'public',
      input: { params: eventIdParams, headers: z.object({ 'if-none-match': z.string().max(1_000).optional() }) },
      output: { 200: serializedAvailability, 304: null },
      async handler({ input }) {
        const ifNoneMatch = input.headers['if-none-match'];
        const result = await dependent(() =>
          cache.read(input.params.id, singleTag(ifNoneMatch), () => catalog.getEvent(input.params.id)),
        );
        const headers = { ETag: result.etag, 'Cache-Control': cacheControl, Vary: 'Accept-Encoding' };
        if (result.status === 304 || matches(ifNoneMatch, result.etag))
          return { status: 304, body: undefined, headers };
        return { status: 200, body: result.body, headers: { ...headers, 'Content-Type': 'application/json' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/events/:id/availability/stream',
      access: 'public',
      input: { params: eventIdParams, headers: z.object({ 'last-event-id': z.string().max(100).optional() }) },
      output: { 200: z.instanceof(PassThrough) },
      async handler({ input, koa }) {
        await catalog.getEvent(input.params.id);
        const stream = await dependent(() => hub.open(input.params.id, input.headers['last-event-id']));
        return eventStreamAnswer(koa, stream);
      },
    }),
  ];
}
