import { defineMiddleware } from 'astro:middleware';
import { catalogSettings } from './lib/catalog.ts';
import { siteConfig } from './lib/config.ts';
import { pageKindOf, securityHeaders, type PageKind } from './lib/security-headers.ts';
import { readSession } from './lib/session/session.ts';

const headers = new Map<PageKind, Record<string, string>>();

/** The same for every answer of a kind of page; computed from the configuration on the first request. */
function everyAnswersHeaders(page: PageKind): Record<string, string> {
  let set = headers.get(page);
  if (!set) {
    set = securityHeaders(siteConfig(), catalogSettings().publicUrl, page);
    headers.set(page, set);
  }
  return set;
}

/** Reads the session cookie once per request and sets the headers every answer carries. */
export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.session = await readSession(context.cookies);
  const response = await next();
  for (const [name, value] of Object.entries(everyAnswersHeaders(pageKindOf(context.url.pathname))))
    response.headers.set(name, value);
  // Pages that know who the fan is must never be stored by a shared cache.
  if (context.locals.session && !response.headers.has('Cache-Control')) {
    response.headers.set('Cache-Control', 'private, no-store');
  }
  return response;
});
