import type { APIRoute } from 'astro';
import { signOutUrl } from '../../lib/auth/oidc.ts';
import { clearSession } from '../../lib/session/session.ts';

/** Forgets the session here, then ends it at the issuer too (which asks the fan and comes back home). */
export const POST: APIRoute = async ({ cookies, redirect }) => {
  clearSession(cookies);
  const issuerLogout = await signOutUrl();
  return redirect(issuerLogout?.toString() ?? '/', 303);
};
