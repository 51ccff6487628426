import type { Middleware } from 'koa';

/**
 * Lets the storefront's origin read public APIs from the browser (the live
 * availability stream, the seat map). Only the listed origins are echoed;
 * credentials are never allowed, since these routes take bearer tokens, not
 * cookies.
 */
export function corsMiddleware(allowedOrigins: readonly string[]): Middleware {
  const allowed = new Set(allowedOrigins.map((origin) => origin.replace(/\/$/, '')));
  return async (ctx, next) => {
    const origin = ctx.get('Origin');
    ctx.vary('Origin');
    if (origin && (allowed.has(origin) || allowed.has('*'))) {
      ctx.set('Access-Control-Allow-Origin', allowed.has('*') ? '*' : origin);
      ctx.set('Access-Control-Expose-Headers', 'ETag, Retry-After, X-Request-Id');
      if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
        ctx.set('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE');
        ctx.set(
          'Access-Control-Allow-Headers',
          'Authorization, Content-Type, If-None-Match, If-Match, Idempotency-Key, Last-Event-ID, Admission-Token',
        );
        ctx.set('Access-Control-Max-Age', '600');
        ctx.status = 204;
        return;
      }
    }
    await next();
  };
}
