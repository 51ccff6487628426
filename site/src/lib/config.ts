import { z } from 'zod';

/** The development session secret; production refuses it. */
const developmentSessionSecret = 'development-session-secret-change-me-0123456789';

const trimmedUrl = (fallback: string) =>
  z
    .url()
    .default(fallback)
    .transform((value) => value.replace(/\/+$/, ''));

/**
 * The storefront's settings, read from the environment at run time (not at
 * build time), so one build serves any deployment.
 */
const siteConfigShape = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    // the storefront's public origin: sign-in returns to <SITE_URL>/auth/callback
    SITE_URL: trimmedUrl('http://localhost:4321'),
    // the OpenID Connect issuer fans sign in with (Keycloak realm or the development provider)
    OIDC_ISSUER: trimmedUrl('http://localhost:4005/realms/ticketing'),
    // the storefront's public client (authorization code + PKCE)
    OIDC_CLIENT_ID: z.string().min(1).default('storefront'),
    // comma-separated secrets sealing the session cookie; the first seals, all open (rotation)
    SITE_SESSION_SECRETS: z.string().min(32).default(developmentSessionSecret),
    // the booking API as this server reaches it
    BOOKING_URL: trimmedUrl('http://localhost:4002'),
    // the waiting room as this server reaches it
    WAITING_ROOM_URL: trimmedUrl('http://localhost:4001'),
    // the back-office API (organizers' events, seat maps, drops, dashboard; the admin's desk; the door)
    ADMIN_URL: trimmedUrl('http://localhost:4004'),
    // the waiting room as the browser reaches it (its WebSocket); the server's address when unset
    PUBLIC_WAITING_ROOM_URL: z.url().optional(),
    // a page render or API call waits this long for a service before saying it is busy
    API_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    // Stripe's publishable key: with it checkout shows the Payment Element, without it the development gateway
    STRIPE_PUBLISHABLE_KEY: z.string().startsWith('pk_').optional(),
  })
  .superRefine((config, ctx) => {
    const secrets = config.SITE_SESSION_SECRETS.split(',');
    if (secrets.some((secret) => secret.trim().length < 32)) {
      ctx.addIssue({ code: 'custom', path: ['SITE_SESSION_SECRETS'], message: 'every secret needs 32 characters' });
    }
    if (config.NODE_ENV === 'production' && secrets.includes(developmentSessionSecret)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SITE_SESSION_SECRETS'],
        message: 'the development secret is refused in production',
      });
    }
  });

export type SiteConfig = z.infer<typeof siteConfigShape>;

let loaded: SiteConfig | undefined;

export class SiteConfigError extends Error {}

/** Parsed once per process; a bad value fails every request with the variables it names, never silently. */
export function siteConfig(env: NodeJS.ProcessEnv = process.env): SiteConfig {
  if (loaded) return loaded;
  const parsed = siteConfigShape.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SiteConfigError(`site configuration is invalid: ${problems.join('; ')}`);
  }
  loaded = parsed.data;
  return loaded;
}

/** The WebSocket origin of the waiting room as the browser reaches it. */
export function publicWaitingRoomSocketUrl(config: SiteConfig): string {
  const base = new URL(config.PUBLIC_WAITING_ROOM_URL ?? config.WAITING_ROOM_URL);
  base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return base.toString().replace(/\/+$/, '');
}
