import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { tokenEndpoint, type TokenResponse } from './client.ts';
import { startIdentityProvider, type RunningIdentityProvider } from './composition.ts';

const redirectUri = 'http://localhost:4321/auth/callback';
let idp: RunningIdentityProvider;

beforeAll(async () => {
  idp = await startIdentityProvider();
});
afterAll(() => idp.close());

/** A browser reduced to what the flow needs: a cookie jar and redirects followed by hand. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects within the issuer until one leaves it (to the client) or a page is shown. */
  async follow(response: Response, from: string): Promise<{ response: Response; url: string }> {
    let url = from;
    for (let hops = 0; hops < 10; hops += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return { response, url };
      url = new URL(location, url).href;
      if (!url.startsWith(idp.url)) return { response, url };
      response = await this.request(url);
    }
    throw new Error('too many redirects');
  }
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(params: Record<string, string>): string {
  const query = new URLSearchParams({
    client_id: 'storefront',
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    state: randomBytes(8).toString('hex'),
    ...params,
  });
  return `${idp.issuer}/protocol/openid-connect/auth?${query.toString()}`;
}

async function token(
  parameters: Record<string, string>,
): Promise<{ status: number; body: TokenResponse & { error?: string } }> {
  const response = await fetch(tokenEndpoint(idp.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:4321' },
    body: new URLSearchParams({ client_id: 'storefront', ...parameters }),
  });
  return { status: response.status, body: (await response.json()) as TokenResponse & { error?: string } };
}

/** Runs the flow up to the sign-in page; returns its URL and HTML. */
async function openLoginPage(browser: Browser, challenge: string, state = 'state-1') {
  const start = authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', state });
  const { response, url } = await browser.follow(await browser.request(start), start);
  expect(response.status).toBe(200);
  expect(url).toMatch(/\/realms\/ticketing\/login-actions\//);
  return { url, html: await response.text() };
}

async function submitLogin(browser: Browser, loginUrl: string, username: string, password: string) {
  return browser.request(loginUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, action: 'login' }),
  });
}

describe('authorization code with PKCE', () => {
  it('signs a fan in through the login form and exchanges the code with the verifier', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const login = await openLoginPage(browser, challenge, 'state-42');
    expect(login.html).toContain('<label for="username">');
    expect(login.html).toContain('<label for="password">');
    expect(login.html).toContain('Ticketing storefront');

    const wrong = await submitLogin(browser, login.url, 'fan', 'not-the-password');
    expect(wrong.status).toBe(200);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('role="alert"');
    expect(wrongHtml).toContain('Invalid username or password.');

    const accepted = await submitLogin(browser, login.url, 'fan', 'fan');
    expect(accepted.status).toBe(303);
    const { url: callback } = await browser.follow(accepted, login.url);
    const returned = new URL(callback);
    expect(`${returned.origin}${returned.pathname}`).toBe(redirectUri);
    expect(returned.searchParams.get('state')).toBe('state-42');
    expect(returned.searchParams.get('iss')).toBe(idp.issuer);
    const code = returned.searchParams.get('code');
    expect(code).toEqual(expect.any(String));

    const exchanged = await token({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(exchanged.status).toBe(200);
    const tokens = exchanged.body;
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const keys = createRemoteJWKSet(new URL(`${idp.issuer}/protocol/openid-connect/certs`));
    const access = await jwtVerify(tokens.access_token, keys, { issuer: idp.issuer, audience: 'ticketing-api' });
    expect(access.payload).toMatchObject({
      sub: '8d3f1c52-6a0e-4b7c-9f21-3e5a7c9b1d01',
      azp: 'storefront',
      typ: 'Bearer',
      realm_access: { roles: ['fan'] },
      preferred_username: 'fan',
    });
    const id = await jwtVerify(tokens.id_token!, keys, { issuer: idp.issuer, audience: 'storefront' });
    expect(id.payload).toMatchObject({
      email: 'fan@demo.test',
      name: 'Fran Fan',
      preferred_username: 'fan',
      realm_access: { roles: ['fan'] },
    });

    const userinfo = await fetch(`${idp.issuer}/protocol/openid-connect/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ sub: access.payload.sub, email: 'fan@demo.test' });

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(refreshed.status).toBe(200);
    const again = await jwtVerify(refreshed.body.access_token, keys, { issuer: idp.issuer, audience: 'ticketing-api' });
    expect(again.payload).toMatchObject({
      sub: access.payload.sub,
      azp: 'storefront',
      realm_access: { roles: ['fan'] },
    });

    // The code is single-use, and replaying it revokes what it granted.
    const replay = await token({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    const revoked = await token({ grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token! });
    expect(revoked.body.error).toBe('invalid_grant');
  });

  it('refuses the code without the right verifier', async () => {
    const browser = new Browser();
    const { challenge } = pkce();
    const login = await openLoginPage(browser, challenge);
    const { url } = await browser.follow(await submitLogin(browser, login.url, 'fan2', 'fan2'), login.url);
    const code = new URL(url).searchParams.get('code')!;
    const exchanged = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce().verifier,
    });
    expect(exchanged.status).toBe(400);
    expect(exchanged.body.error).toBe('invalid_grant');
  });

  it('refuses to start without a code challenge', async () => {
    const browser = new Browser();
    const start = authorizeUrl({});
    const { url } = await browser.follow(await browser.request(start), start);
    const returned = new URL(url);
    expect(returned.origin).toBe('http://localhost:4321');
    expect(returned.searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a redirect URI outside the registered pattern', async () => {
    const { challenge } = pkce();
    const response = await fetch(
      authorizeUrl({
        redirect_uri: 'http://evil.test/callback',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
      { redirect: 'manual' },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('remembers the session: a second authorization skips the form', async () => {
    const browser = new Browser();
    const first = pkce();
    const login = await openLoginPage(browser, first.challenge);
    await browser.follow(await submitLogin(browser, login.url, 'gate', 'gate'), login.url);

    const second = pkce();
    const start = authorizeUrl({ code_challenge: second.challenge, code_challenge_method: 'S256' });
    const { url } = await browser.follow(await browser.request(start), start);
    const code = new URL(url).searchParams.get('code');
    expect(code).toEqual(expect.any(String));
    const exchanged = await token({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: redirectUri,
      code_verifier: second.verifier,
    });
    expect(exchanged.status).toBe(200);
  });

  it('returns access_denied to the client when the user cancels', async () => {
    const browser = new Browser();
    const login = await openLoginPage(browser, pkce().challenge);
    const cancelled = await browser.request(login.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'cancel' }),
    });
    const { url } = await browser.follow(cancelled, login.url);
    expect(new URL(url).searchParams.get('error')).toBe('access_denied');
  });

  it('shows an explanation for a sign-in page whose interaction is gone', async () => {
    const response = await fetch(`${idp.issuer}/login-actions/unknown-interaction`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Sign-in expired');
  });
});

describe('token endpoint CORS', () => {
  const exchangeFrom = (origin: string) =>
    fetch(tokenEndpoint(idp.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({
        client_id: 'storefront',
        grant_type: 'authorization_code',
        code: 'not-a-code',
        redirect_uri: redirectUri,
        code_verifier: pkce().verifier,
      }),
    });

  it("answers the storefront's web origin", async () => {
    const response = await exchangeFrom('http://localhost:4321');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:4321');
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses any other origin', async () => {
    const response = await exchangeFrom('http://evil.test');
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/not allowed/),
    });
  });
});

describe('logout', () => {
  it('asks before ending the session at the end-session endpoint', async () => {
    const browser = new Browser();
    const login = await openLoginPage(browser, pkce().challenge);
    await browser.follow(await submitLogin(browser, login.url, 'fan', 'fan'), login.url);
    const response = await browser.request(
      `${idp.issuer}/protocol/openid-connect/logout?client_id=storefront&post_logout_redirect_uri=${encodeURIComponent('http://localhost:4321/')}`,
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('id="op.logoutForm"');
    expect(html).toContain('Sign out');
  });
});
