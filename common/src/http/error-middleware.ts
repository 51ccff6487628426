import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { DomainError } from '../errors.ts';
import { genericProblem, httpErrorStatus, problemOf, sendProblem } from './problem.ts';

/**
 * The one place where failures become HTTP answers. Domain errors map by
 * kind; http-errors thrown by Koa keep their status; anything else is a bug:
 * logged in full with the request id, answered with a generic 500.
 */
export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        const problem = genericProblem(404, `No route for ${ctx.method} ${ctx.path}`, ctx.state.requestId);
        sendProblem(ctx, { ...problem, code: 'route_not_found', type: 'urn:ticketing:problem:route_not_found' });
      }
    } catch (error) {
      const requestId: string | undefined = ctx.state.requestId;
      if (error instanceof DomainError) {
        const problem = problemOf(error, requestId);
        if (error.retryAfter !== undefined) ctx.set('Retry-After', String(Math.ceil(error.retryAfter)));
        if (error.kind === 'unauthenticated') ctx.set('WWW-Authenticate', `Bearer error="invalid_token"`);
        if (problem.status >= 500) logger.warn({ err: error, code: error.code }, 'request failed: dependency');
        sendProblem(ctx, problem);
        return;
      }
      const status = httpErrorStatus(error);
      if (status !== undefined && status < 500) {
        const message = error instanceof Error ? error.message : 'Bad request';
        sendProblem(ctx, genericProblem(status, message, requestId));
        return;
      }
      logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed: unexpected error');
      sendProblem(ctx, genericProblem(500, 'Internal server error', requestId));
    }
  };
}
