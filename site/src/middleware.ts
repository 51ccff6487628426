import { defineMiddleware } from 'astro:middleware';
import { readSession } from './lib/session/session.ts';

/** Reads the session cookie once per request and sets the headers every answer carries. */
export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.session = await readSession(context.cookies);
  const response = await next();
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'same-origin');
  response.headers.set('X-Frame-Options', 'DENY');
  // Pages that know who the fan is must never be stored by a shared cache.
  if (context.locals.session && !response.headers.has('Cache-Control')) {
    response.headers.set('Cache-Control', 'private, no-store');
  }
  return response;
});
