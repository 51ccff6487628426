import { startIdentityProvider, type RunningIdentityProvider } from '@ticketing/identity';
import { loadStorefrontOidc } from '@ticketing/site/testing';

/*
 * The storefront's OpenID Connect client against the development provider:
 * authorization code with PKCE, state and nonce, then refresh. The issuer's
 * pages are driven by hand (a cookie jar and redirects), as a browser would.
 */

let idp: RunningIdentityProvider;
let oidc: Awaited<ReturnType<typeof loadStorefrontOidc>>;

beforeAll(async () => {
  idp = await startIdentityProvider();
  // The storefront reads its settings once, on first use.
  process.env.OIDC_ISSUER = idp.issuer;
  process.env.SITE_URL = 'http://localhost:4321';
  oidc = await loadStorefrontOidc();
});
afterAll(() => idp.close());

const fanId = '8d3f1c52-6a0e-4b7c-9f21-3e5a7c9b1d01';

/** Follows the issuer's redirects and its sign-in form until it sends the browser back to the storefront. */
async function signInAtIssuer(start: URL, username: string, password: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const request = async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  let url = start.href;
  let response = await request(url);
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      if (url.startsWith('http://localhost:4321/')) return new URL(url);
      response = await request(url);
    } else if (response.status === 200 && url.includes('/login-actions/')) {
      response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password, action: 'login' }),
      });
    } else {
      throw new Error(`the issuer answered ${response.status} at ${url}`);
    }
  }
  throw new Error('too many redirects');
}

test('a fan signs in with the code and PKCE, and the session refreshes with a rotated refresh token', async () => {
  const { url, transaction } = await oidc.beginSignIn('/me/tickets');
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:4321/auth/callback');
  expect(url.searchParams.get('state')).toBe(transaction.state);
  expect(url.searchParams.get('nonce')).toBe(transaction.nonce);
  expect(url.searchParams.has('code_verifier')).toBe(false);

  const callback = await signInAtIssuer(url, 'fan', 'fan');
  const signedIn = await oidc.completeSignIn(callback, transaction);
  expect(signedIn).toMatchObject({ sub: fanId, name: 'Fran', email: 'fan@demo.test' });
  expect(signedIn.refreshToken).toEqual(expect.any(String));
  expect(signedIn.accessExpiresAt).toBeGreaterThan(Date.now() / 1000 + 60);

  const refreshed = await oidc.refreshSignIn({ ...signedIn, refreshToken: signedIn.refreshToken! });
  expect(refreshed.sub).toBe(fanId);
  expect(refreshed.accessToken).not.toBe(signedIn.accessToken);
  expect(refreshed.refreshToken).not.toBe(signedIn.refreshToken);
  // A refresh token used twice is refused: why one process shares a refresh between concurrent requests.
  await expect(oidc.refreshSignIn({ ...signedIn, refreshToken: signedIn.refreshToken! })).rejects.toThrow();
});

test('a callback whose state does not match the one sent is refused', async () => {
  const { url, transaction } = await oidc.beginSignIn('/');
  const callback = await signInAtIssuer(url, 'fan2', 'fan2');
  await expect(oidc.completeSignIn(callback, { ...transaction, state: 'another-state' })).rejects.toThrow();
});
