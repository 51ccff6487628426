import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { passwordGrant } from './client.ts';
import {
  createIdentityProvider,
  ProductionRefusedError,
  startIdentityProvider,
  type RunningIdentityProvider,
} from './composition.ts';
import { generateSigningKey } from './signing-keys.ts';

let idp: RunningIdentityProvider;
let signingKid: string;
let retiredKid: string;

beforeAll(async () => {
  // Two keys, as during a rotation: the first signs, both are published.
  const [signing, retired] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  signingKid = signing.kid!;
  retiredKid = retired.kid!;
  idp = await startIdentityProvider({ signingKeys: { keys: [signing, retired] } });
});
afterAll(() => idp.close());

describe('discovery', () => {
  it("names Keycloak's endpoints under the realm", async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Record<string, unknown>;
    const base = `${idp.url}/realms/ticketing/protocol/openid-connect`;
    expect(idp.issuer).toBe(`${idp.url}/realms/ticketing`);
    expect(document).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${base}/auth`,
      token_endpoint: `${base}/token`,
      jwks_uri: `${base}/certs`,
      userinfo_endpoint: `${base}/userinfo`,
      end_session_endpoint: `${base}/logout`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
    expect(document.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials', 'password']),
    );
  });
});

describe('certs', () => {
  it('publishes every configured key, public halves only, and signs with the first', async () => {
    const response = await fetch(`${idp.issuer}/protocol/openid-connect/certs`);
    const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([signingKid, retiredKid]);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig' });
      expect(key).not.toHaveProperty('d');
      expect(key).not.toHaveProperty('p');
    }
    const tokens = await passwordGrant({ issuer: idp.issuer, clientId: 'loadtest', username: 'fan', password: 'fan' });
    expect(decodeProtectedHeader(tokens.access_token).kid).toBe(signingKid);
    await expect(jwtVerify(tokens.access_token, createLocalJWKSet(jwks as never))).resolves.toBeDefined();
  });
});

describe('userinfo', () => {
  const userinfo = () => `${idp.issuer}/protocol/openid-connect/userinfo`;

  it("answers with the token user's profile and roles", async () => {
    const tokens = await passwordGrant({
      issuer: idp.issuer,
      clientId: 'loadtest',
      username: 'organizer',
      password: 'organizer',
    });
    const response = await fetch(userinfo(), { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      sub: '8d3f1c52-6a0e-4b7c-9f21-3e5a7c9b1d03',
      preferred_username: 'organizer',
      email: 'organizer@demo.test',
      name: 'Olivia Organizer',
      realm_access: { roles: ['organizer'] },
    });
  });

  it('accepts the token as a form field on POST', async () => {
    const tokens = await passwordGrant({
      issuer: idp.issuer,
      clientId: 'loadtest',
      username: 'gate',
      password: 'gate',
    });
    const response = await fetch(userinfo(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: tokens.access_token }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ preferred_username: 'gate' });
  });

  it('refuses a missing, forged or ID token', async () => {
    const tokens = await passwordGrant({
      issuer: idp.issuer,
      clientId: 'loadtest',
      username: 'fan',
      password: 'fan',
      scope: 'openid',
    });
    const [header, payload] = tokens.access_token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not a signature').toString('base64url')}`;
    const cases: [string | undefined, string | undefined][] = [
      [undefined, 'invalid_request'],
      [forged, 'invalid_token'],
      [tokens.id_token, 'invalid_token'],
    ];
    for (const [token, error] of cases) {
      const response = await fetch(
        userinfo(),
        token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
      );
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await response.json()).toMatchObject({ error });
    }
  });

  it('refuses a token from another issuer', async () => {
    const other = await startIdentityProvider();
    try {
      const tokens = await passwordGrant({
        issuer: other.issuer,
        clientId: 'loadtest',
        username: 'fan',
        password: 'fan',
      });
      const response = await fetch(userinfo(), { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(response.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('the process', () => {
  it('is live at /health', async () => {
    const response = await fetch(`${idp.url}/health`);
    expect(response.status).toBe(200);
  });

  it('refuses to start in production', async () => {
    await expect(createIdentityProvider({ baseUrl: 'http://localhost:4005', env: 'production' })).rejects.toThrow(
      ProductionRefusedError,
    );
    await expect(startIdentityProvider({ env: 'production' })).rejects.toThrow(/NODE_ENV=production/);
  });
});
