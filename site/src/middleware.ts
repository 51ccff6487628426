import { defineMiddleware } from 'astro:middleware';
import { catalogSettings } from './lib/catalog.ts';
import { siteConfig } from './lib/config.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { readSession } from './lib/session/session.ts';

let headers: Record<string, string> | undefined;

/** The same for every answer of this process; computed from the configuration on the first request. */
function everyAnswersHeaders(): Record<string, string> {
  headers ??= securityHeaders(siteConfig(), catalogSettings().publicUrl);
  return headers;
}

/** Reads the session cookie once per request and sets the headers every answer carries. */
export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.session = await readSession(context.cookies);
  const response = await next();
  for (const [name, value] of Object.entries(everyAnswersHeaders())) response.headers.set(name, value);
  // Pages that know who the fan is must never be stored by a shared cache.
  if (context.locals.session && !response.headers.has('Cache-Control')) {
    response.headers.set('Cache-Control', 'private, no-store');
  }
  return response;
});
