import { defineRoute, type RateLimitRule } from '@ticketing/common';
import type { QueueService } from './service.ts';
import { dropParams, queueStatusSchema } from './schema.ts';

export interface QueueRateLimits {
  join: readonly RateLimitRule[];
  status: readonly RateLimitRule[];
}

/**
 * The per-fan answer may be cached for a second, by the browser and by a
 * CDN that keys its cache on the Authorization header (`s-maxage` is what
 * lets a shared cache store an answer to an authorized request; `Vary`
 * keeps one fan's answer from another). A refresh storm then costs the
 * origin one request per fan per second at most.
 */
const statusCaching = { 'Cache-Control': 'max-age=1, s-maxage=1', Vary: 'Authorization' };

export function queueRoutes(queue: QueueService, limits: QueueRateLimits) {
  return [
    defineRoute({
      method: 'post',
      path: '/drops/:dropId/queue',
      access: ['fan'],
      // The per-fan join limit is kept by the join script itself (one round trip for both).
      rateLimits: limits.join.filter((rule) => rule.by === 'ip'),
      input: { params: dropParams },
      output: { 200: queueStatusSchema, 201: queueStatusSchema },
      async handler({ input, user }) {
        const { created, status } = await queue.join(input.params.dropId, user.id);
        return { status: created ? 201 : 200, body: status, headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/drops/:dropId/queue/me',
      access: ['fan'],
      rateLimits: limits.status,
      input: { params: dropParams },
      output: { 200: queueStatusSchema },
      async handler({ input, user }) {
        const status = await queue.status(input.params.dropId, user.id);
        return { status: 200, body: status, headers: statusCaching };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/drops/:dropId/queue/me',
      access: ['fan'],
      rateLimits: limits.join,
      input: { params: dropParams },
      output: { 204: null },
      async handler({ input, user }) {
        await queue.leave(input.params.dropId, user.id);
        return { status: 204, body: undefined };
      },
    }),
  ];
}
