import type { APIRoute } from 'astro';
import { beginSignIn } from '../../lib/auth/oidc.ts';
import { safeReturnTo } from '../../lib/auth/return-to.ts';
import { siteConfig } from '../../lib/config.ts';
import { writeSignIn } from '../../lib/session/session.ts';

/** Starts signing in: PKCE, state and nonce sealed in a short-lived cookie, then off to the issuer. */
export const GET: APIRoute = async ({ url, cookies, redirect }) => {
  const site = new URL(siteConfig().SITE_URL);
  // The issuer sends the fan back to SITE_URL; the cookie must be set on that same host.
  if (url.origin !== site.origin) return redirect(`${site.origin}${url.pathname}${url.search}`, 303);
  const returnTo = safeReturnTo(url.searchParams.get('returnTo'));
  try {
    const { url: authorize, transaction } = await beginSignIn(returnTo);
    await writeSignIn(cookies, { ...transaction });
    return redirect(authorize.toString(), 303);
  } catch {
    return redirect(`/auth/problem?reason=unavailable&returnTo=${encodeURIComponent(returnTo)}`, 303);
  }
};
