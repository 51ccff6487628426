import type { SiteConfig } from './config.ts';
import { publicWaitingRoomSocketUrl } from './config.ts';

const origin = (url: string) => new URL(url).origin;

/**
 * The content security policy of every page: everything from the site's
 * own origin, plus what the pages really reach from the browser: the
 * catalog's availability stream and document (its public origin), the
 * waiting room's WebSocket, the identity provider the sign-in form leads
 * to, and Stripe's script, frames and API when checkout uses Stripe.
 *
 * Scripts and styles keep 'unsafe-inline': Astro writes each island's
 * hydration bootstrap as an inline script, and the seat map positions seats
 * with style attributes. Everything else is shut: no plugins, no framing
 * (frame-ancestors), no base rewriting, forms post only to this site and to
 * the identity provider.
 *
 * The gate scanner's pages also reach the venue's gate hub, whose address the
 * steward types in on the night (a laptop on the venue's network), so no
 * origin can be named ahead: they may connect to any origin of the page's
 * own scheme (https: in production; the page refuses a plain-HTTP hub there).
 */
export type PageKind = 'storefront' | 'gate';

export function contentSecurityPolicy(
  config: SiteConfig,
  catalogPublicUrl: string,
  page: PageKind = 'storefront',
): string {
  const stripe = config.STRIPE_PUBLISHABLE_KEY !== undefined;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-inline'", ...(stripe ? ['https://js.stripe.com'] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    // QR codes and tickets are inline SVG; the camera preview draws into a canvas.
    'img-src': ["'self'", 'data:', 'blob:', ...(stripe ? ['https://*.stripe.com'] : [])],
    'font-src': ["'self'"],
    'connect-src': [
      "'self'",
      origin(catalogPublicUrl),
      publicWaitingRoomSocketUrl(config),
      ...(stripe ? ['https://api.stripe.com'] : []),
      ...(page === 'gate' ? gateHubSources(config) : []),
    ],
    'frame-src': stripe ? ['https://js.stripe.com', 'https://hooks.stripe.com'] : ["'none'"],
    // The gate's service worker, from this origin only.
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'media-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'", origin(config.OIDC_ISSUER)],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${[...new Set(sources)].join(' ')}`)
    .join('; ');
}

function gateHubSources(config: SiteConfig): string[] {
  return new URL(config.SITE_URL).protocol === 'https:' ? ['https:'] : ['http:', 'https:'];
}

/** Whether a path is one of the gate scanner's pages, whose policy also lets them reach a gate hub. */
export function pageKindOf(pathname: string): PageKind {
  return pathname === '/gate' || pathname.startsWith('/gate/') ? 'gate' : 'storefront';
}

/**
 * The headers every answer of the site carries. HSTS only in production,
 * where the site is served over HTTPS; a development machine on plain HTTP
 * must not learn to refuse it.
 */
export function securityHeaders(
  config: SiteConfig,
  catalogPublicUrl: string,
  page: PageKind = 'storefront',
): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(config, catalogPublicUrl, page),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    // The gate scanner alone uses the camera, on this origin; nothing asks for the rest.
    'Permissions-Policy':
      'camera=(self), microphone=(), geolocation=(), payment=(self "https://js.stripe.com"), usb=()',
    // Stripe's authentication pop-ups keep their opener.
    'Cross-Origin-Opener-Policy': 'same-origin-allow-popups',
    ...(config.NODE_ENV === 'production' ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
