import type { APIRoute } from 'astro';
import { completeSignIn } from '../../lib/auth/oidc.ts';
import { safeReturnTo } from '../../lib/auth/return-to.ts';
import { takeSignIn, writeSession } from '../../lib/session/session.ts';

/** The issuer's answer: the code is exchanged with the PKCE verifier, and the session cookie is set. */
export const GET: APIRoute = async ({ url, cookies, redirect }) => {
  const transaction = await takeSignIn(cookies);
  const returnTo = safeReturnTo(typeof transaction?.returnTo === 'string' ? transaction.returnTo : '/');
  // The fan pressed Cancel at the issuer: back to where they were, still signed out.
  if (url.searchParams.get('error') === 'access_denied') return redirect(returnTo, 303);
  if (
    !transaction ||
    typeof transaction.verifier !== 'string' ||
    typeof transaction.state !== 'string' ||
    typeof transaction.nonce !== 'string'
  ) {
    // An old or replayed link, or cookies blocked: explain instead of starting a loop.
    return redirect(`/auth/problem?reason=expired&returnTo=${encodeURIComponent(returnTo)}`, 303);
  }
  try {
    const signedIn = await completeSignIn(url, {
      verifier: transaction.verifier,
      state: transaction.state,
      nonce: transaction.nonce,
      returnTo,
    });
    await writeSession(cookies, signedIn);
    return redirect(returnTo, 303);
  } catch {
    return redirect(`/auth/problem?reason=failed&returnTo=${encodeURIComponent(returnTo)}`, 303);
  }
};
