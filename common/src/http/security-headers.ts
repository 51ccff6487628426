import type { Middleware } from 'koa';

/** An API answers data, never a page: nothing in it may load, run or be framed. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

export interface SecurityHeaderOptions {
  /** Send Strict-Transport-Security: in production, where every service is reached over HTTPS. */
  hsts?: boolean;
}

/**
 * The headers every answer of a service carries, set before the handler
 * runs so that streams, whose headers leave early, have them too. The
 * policy is the API's; a service answering an HTML page (the development
 * identity provider's sign-in form, the mail catcher) sets its own or none.
 */
export function securityHeadersMiddleware(options: SecurityHeaderOptions = {}): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', apiContentSecurityPolicy);
    if (options.hsts) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    await next();
    if (
      !ctx.headerSent &&
      ctx.response.is('html') &&
      ctx.response.get('Content-Security-Policy') === apiContentSecurityPolicy
    ) {
      ctx.remove('Content-Security-Policy');
    }
  };
}
