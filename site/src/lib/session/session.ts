import type { AstroCookies } from 'astro';
import { refreshSignIn, type SignedIn } from '../auth/oidc.ts';
import { siteConfig, type SiteConfig } from '../config.ts';
import { createSealer, type Sealer } from './seal.ts';

/**
 * The fan's session: the tokens and who they are, sealed into an httpOnly,
 * SameSite=Lax cookie. A long one is split into numbered cookies so it
 * stays under the browser's 4 KB per cookie.
 */
export type FanSession = SignedIn;

export const sessionCookie = 'ticketing_session';
const signInCookie = 'ticketing_signin';
const chunkSize = 3_500;
const maxChunks = 4;
/** The session outlives its access tokens; the issuer's refresh token decides how long it really lasts. */
const sessionTtlSeconds = 12 * 3_600;
/** Refreshed this long before the access token expires, so a call never starts with one about to lapse. */
const refreshMarginSeconds = 30;

let sealer: Sealer | undefined;
function sealing(): Sealer {
  sealer ??= createSealer(siteConfig().SITE_SESSION_SECRETS);
  return sealer;
}

/** The session's cookies: never readable by scripts, not sent on cross-site subrequests, HTTPS-only in production. */
export function cookieOptions(maxAge: number, config: Pick<SiteConfig, 'NODE_ENV' | 'SITE_URL'> = siteConfig()) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    // Always in production (behind TLS even if SITE_URL were mistyped), and wherever the site is served over HTTPS.
    secure: config.NODE_ENV === 'production' || config.SITE_URL.startsWith('https:'),
    path: '/',
    maxAge,
  };
}

function isSession(value: Record<string, unknown>): value is Record<string, unknown> & FanSession {
  return (
    typeof value.sub === 'string' &&
    typeof value.name === 'string' &&
    typeof value.accessToken === 'string' &&
    typeof value.accessExpiresAt === 'number'
  );
}

export async function readSession(cookies: AstroCookies): Promise<FanSession | undefined> {
  const first = cookies.get(sessionCookie)?.value;
  if (!first) return undefined;
  const [count, head] = first.split('~', 2);
  const total = Number(count);
  if (!Number.isInteger(total) || total < 1 || total > maxChunks || head === undefined) return undefined;
  let sealed = head;
  for (let i = 1; i < total; i++) sealed += cookies.get(`${sessionCookie}.${i}`)?.value ?? '';
  const payload = await sealing().open(sealed);
  if (!payload || !isSession(payload)) return undefined;
  return {
    sub: payload.sub,
    name: payload.name,
    email: typeof payload.email === 'string' ? payload.email : undefined,
    accessToken: payload.accessToken,
    refreshToken: typeof payload.refreshToken === 'string' ? payload.refreshToken : undefined,
    accessExpiresAt: payload.accessExpiresAt,
  };
}

export async function writeSession(cookies: AstroCookies, session: FanSession): Promise<void> {
  const sealed = await sealing().seal({ ...session }, sessionTtlSeconds);
  const chunks: string[] = [];
  for (let at = 0; at < sealed.length; at += chunkSize) chunks.push(sealed.slice(at, at + chunkSize));
  if (chunks.length > maxChunks) throw new Error('the session is too large for its cookies');
  chunks.forEach((chunk, i) => {
    const name = i === 0 ? sessionCookie : `${sessionCookie}.${i}`;
    cookies.set(name, i === 0 ? `${chunks.length}~${chunk}` : chunk, cookieOptions(sessionTtlSeconds));
  });
  for (let i = chunks.length; i < maxChunks; i++) {
    if (cookies.has(`${sessionCookie}.${i}`)) cookies.delete(`${sessionCookie}.${i}`, { path: '/' });
  }
}

export function clearSession(cookies: AstroCookies): void {
  cookies.delete(sessionCookie, { path: '/' });
  for (let i = 1; i < maxChunks; i++) {
    if (cookies.has(`${sessionCookie}.${i}`)) cookies.delete(`${sessionCookie}.${i}`, { path: '/' });
  }
}

/**
 * The session with an access token good for the next call: refreshed
 * through the issuer when it is about to lapse. Undefined when there is no
 * session or the issuer no longer honours it (the fan signs in again).
 */
export async function currentSession(
  cookies: AstroCookies,
  session: FanSession | undefined,
): Promise<FanSession | undefined> {
  if (!session) return undefined;
  const now = Math.floor(Date.now() / 1000);
  if (session.accessExpiresAt - refreshMarginSeconds > now) return session;
  if (!session.refreshToken) {
    clearSession(cookies);
    return undefined;
  }
  try {
    const refreshed = await refreshOnce({ ...session, refreshToken: session.refreshToken });
    await writeSession(cookies, refreshed);
    return refreshed;
  } catch {
    clearSession(cookies);
    return undefined;
  }
}

/**
 * The issuer rotates refresh tokens and treats a second use of one as theft,
 * so requests of one page that find the same expired token share one refresh.
 */
const refreshing = new Map<string, Promise<FanSession>>();
function refreshOnce(session: FanSession & { refreshToken: string }): Promise<FanSession> {
  let pending = refreshing.get(session.refreshToken);
  if (!pending) {
    pending = refreshSignIn(session);
    refreshing.set(session.refreshToken, pending);
    // Kept a little while, for requests that still carry the old cookie.
    const forget = () => setTimeout(() => refreshing.delete(session.refreshToken), 30_000).unref();
    pending.then(forget, forget);
  }
  return pending;
}

export async function writeSignIn(cookies: AstroCookies, transaction: Record<string, string>): Promise<void> {
  cookies.set(signInCookie, await sealing().seal(transaction, 600), {
    ...cookieOptions(600),
    path: '/auth',
  });
}

export async function takeSignIn(cookies: AstroCookies): Promise<Record<string, unknown> | undefined> {
  const sealed = cookies.get(signInCookie)?.value;
  cookies.delete(signInCookie, { path: '/auth' });
  return sealed ? await sealing().open(sealed) : undefined;
}
