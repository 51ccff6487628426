import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { requestScope } from '../logger.ts';

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes a sane incoming X-Request-Id (from the load balancer) or makes one. */
export function requestIdMiddleware(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const requestId = acceptable.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    await requestScope.run({ requestId }, next);
  };
}
