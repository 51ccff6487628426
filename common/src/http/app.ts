import './state.ts';
import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.ts';
import { corsMiddleware } from './cors.ts';
import { errorMiddleware } from './error-middleware.ts';
import { requestIdMiddleware } from './request-id.ts';
import { routesMountedOn, type AnyRoute } from './route.ts';
import { securityHeadersMiddleware } from './security-headers.ts';
import { genericProblem, sendProblem } from './problem.ts';

export type ReadinessCheck = () => Promise<unknown>;

export interface AppOptions {
  service: string;
  logger: Logger;
  metrics: Metrics;
  /** Each dependency the service needs to do its work, checked by GET /ready. */
  readiness?: Record<string, ReadinessCheck>;
  readinessTimeoutMs?: number;
  /** Trust X-Forwarded-* (behind the load balancer). */
  proxy?: boolean;
  /** Browser origins allowed to call this service (the storefront's); none by default. */
  cors?: readonly string[];
  /** Send Strict-Transport-Security (in production, where the service is reached over HTTPS). */
  hsts?: boolean;
}

export interface ServiceApp {
  app: Koa;
  /** Mount the service's routes here; health, readiness and metrics are already on it. */
  router: Router;
}

const routers = new WeakMap<Koa, Router>();

/** Every route declaration mounted on an app made by `createApp`. */
export function declaredRoutes(app: Koa): readonly AnyRoute[] {
  const router = routers.get(app);
  return router ? routesMountedOn(router) : [];
}

/**
 * The Koa app every service starts from, with its middleware in a fixed
 * order: request id, security headers, access log and timing, error mapping, then the routes
 * (each of which adds rate limit, auth and validation in that order).
 */
export function createApp(options: AppOptions): ServiceApp {
  const { logger, metrics } = options;
  const app = new Koa({ proxy: options.proxy ?? false });
  // Errors are answered by errorMiddleware; Koa's own handler would only print them again.
  app.silent = true;
  const router = new Router();
  routers.set(app, router);

  app.use(requestIdMiddleware());
  app.use(securityHeadersMiddleware({ hsts: options.hsts ?? false }));
  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      metrics.httpDuration.observe({ method: ctx.method, route, status: String(ctx.status) }, seconds);
      if (ctx.status >= 500)
        logger.warn({ method: ctx.method, path: ctx.path, status: ctx.status, seconds }, 'request');
      else logger.debug({ method: ctx.method, path: ctx.path, status: ctx.status, seconds }, 'request');
    }
  });
  app.use(errorMiddleware(logger));
  if (options.cors && options.cors.length > 0) app.use(corsMiddleware(options.cors));

  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok', service: options.service };
  });
  router.get('/ready', async (ctx) => {
    const checks = await runChecks(options.readiness ?? {}, options.readinessTimeoutMs ?? 2_000);
    const ready = Object.values(checks).every((c) => c === 'ok');
    if (ready) {
      ctx.body = { status: 'ready', service: options.service, checks };
    } else {
      sendProblem(ctx, {
        ...genericProblem(503, 'A dependency is unreachable', ctx.state.requestId),
        code: 'not_ready',
        checks,
      });
    }
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });

  app.use(router.routes());
  // A path that exists with another method is a 405 naming the allowed methods.
  app.use(router.allowedMethods({ throw: true }));
  return { app, router };
}

async function runChecks(checks: Record<string, ReadinessCheck>, timeoutMs: number): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, string]> => {
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref(),
          ),
        ]);
        return [name, 'ok'];
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)];
      }
    }),
  );
  return Object.fromEntries(entries);
}
