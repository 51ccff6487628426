import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { clientCredentials, passwordGrant, TokenRequestError, tokenEndpoint } from './client.ts';
import { loadTestUserId } from './load-test-users.ts';
import { startIdentityProvider, type RunningIdentityProvider } from './composition.ts';

interface RealmClaims extends JWTPayload {
  typ?: string;
  azp?: string;
  scope?: string;
  preferred_username?: string;
  email?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  realm_access?: { roles: string[] };
}

const fanId = '8d3f1c52-6a0e-4b7c-9f21-3e5a7c9b1d01';
let idp: RunningIdentityProvider;

beforeAll(async () => {
  idp = await startIdentityProvider({ loadTestUsers: { enabled: true, password: 'bench-secret', count: 500 } });
});
afterAll(() => idp.close());

async function verifyAccessToken(token: string): Promise<RealmClaims> {
  const keys = createRemoteJWKSet(new URL(`${idp.issuer}/protocol/openid-connect/certs`));
  const { payload } = await jwtVerify<RealmClaims>(token, keys, { issuer: idp.issuer, audience: 'ticketing-api' });
  return payload;
}

async function refusal(promise: Promise<unknown>): Promise<TokenRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TokenRequestError)) throw new Error(`expected a refused token request, got ${String(error)}`);
  return error;
}

describe('password grant', () => {
  it('gives a demo fan a Keycloak-shaped access token signed by a published key', async () => {
    const tokens = await passwordGrant({ issuer: idp.issuer, clientId: 'loadtest', username: 'fan', password: 'fan' });
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(idp.realm.accessTokenLifespan);

    const header = decodeProtectedHeader(tokens.access_token);
    expect(header.alg).toBe('RS256');
    expect(idp.publicJwks.keys.map((k) => k.kid)).toContain(header.kid);

    const claims = await verifyAccessToken(tokens.access_token);
    expect(claims).toMatchObject({
      iss: idp.issuer,
      sub: fanId,
      aud: 'ticketing-api',
      azp: 'loadtest',
      typ: 'Bearer',
      preferred_username: 'fan',
      email: 'fan@demo.test',
      name: 'Fran Fan',
      given_name: 'Fran',
      family_name: 'Fan',
      realm_access: { roles: ['fan'] },
    });
    expect(claims.jti).toEqual(expect.any(String));
    expect(claims.exp! - claims.iat!).toBe(idp.realm.accessTokenLifespan);
    expect(claims.scope).toBe('profile email');
  });

  it('carries every role of a user with several', async () => {
    const tokens = await passwordGrant({
      issuer: idp.issuer,
      clientId: 'loadtest',
      username: 'admin',
      password: 'admin',
    });
    const claims = await verifyAccessToken(tokens.access_token);
    expect([...(claims.realm_access?.roles ?? [])].sort()).toEqual(['admin', 'organizer']);
  });

  it('accepts the email as the username, as Keycloak does', async () => {
    const tokens = await passwordGrant({
      issuer: idp.issuer,
      clientId: 'loadtest',
      username: 'gate@demo.test',
      password: 'gate',
    });
    expect((await verifyAccessToken(tokens.access_token)).realm_access?.roles).toEqual(['gate']);
  });

  it('adds an ID token when openid is asked for', async () => {
    const tokens = await passwordGrant({
      issuer: idp.issuer,
      clientId: 'loadtest',
      username: 'fan2',
      password: 'fan2',
      scope: 'openid profile email',
    });
    const keys = createRemoteJWKSet(new URL(`${idp.issuer}/protocol/openid-connect/certs`));
    const { payload } = await jwtVerify(tokens.id_token!, keys, { issuer: idp.issuer, audience: 'loadtest' });
    expect(payload).toMatchObject({
      preferred_username: 'fan2',
      email: 'fan2@demo.test',
      realm_access: { roles: ['fan'] },
    });
  });

  it('refuses a wrong password with invalid_grant', async () => {
    const error = await refusal(
      passwordGrant({ issuer: idp.issuer, clientId: 'loadtest', username: 'fan', password: 'fan2' }),
    );
    expect(error.status).toBe(400);
    expect(error.error).toBe('invalid_grant');
  });

  it('refuses an unknown user and a service account with invalid_grant', async () => {
    for (const username of ['nobody', 'service-account-services']) {
      const error = await refusal(
        passwordGrant({ issuer: idp.issuer, clientId: 'loadtest', username, password: 'guess' }),
      );
      expect(error.error).toBe('invalid_grant');
    }
  });

  it('refuses the storefront, whose realm entry does not allow direct access grants', async () => {
    const error = await refusal(
      passwordGrant({ issuer: idp.issuer, clientId: 'storefront', username: 'fan', password: 'fan' }),
    );
    expect(error.status).toBe(400);
    expect(error.error).toBe('invalid_request');
    expect(error.errorDescription).toMatch(/grant type is not allowed/);
  });

  it('lets the confidential services client sign a user in with its secret, and only with it', async () => {
    const tokens = await passwordGrant({
      issuer: idp.issuer,
      clientId: 'services',
      clientSecret: 'services-dev-secret',
      username: 'organizer',
      password: 'organizer',
    });
    expect(await verifyAccessToken(tokens.access_token)).toMatchObject({
      azp: 'services',
      realm_access: { roles: ['organizer'] },
    });

    const error = await refusal(
      passwordGrant({
        issuer: idp.issuer,
        clientId: 'services',
        clientSecret: 'guess',
        username: 'organizer',
        password: 'organizer',
      }),
    );
    expect(error.status).toBe(401);
    expect(error.error).toBe('invalid_client');
  });

  it('refuses a request without a password', async () => {
    const response = await fetch(tokenEndpoint(idp.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'loadtest', username: 'fan' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('signs load-test users in with the shared password, with a deterministic id', async () => {
    const tokens = await passwordGrant({
      issuer: idp.issuer,
      clientId: 'loadtest',
      username: 'loadtest-00042',
      password: 'bench-secret',
    });
    expect(await verifyAccessToken(tokens.access_token)).toMatchObject({
      sub: loadTestUserId(42),
      preferred_username: 'loadtest-00042',
      email: 'loadtest-00042@loadtest.test',
      realm_access: { roles: ['fan'] },
    });
  });

  it('refuses load-test users beyond the configured count or with another password', async () => {
    for (const [username, password] of [
      ['loadtest-00501', 'bench-secret'],
      ['loadtest-00001', 'loadtest'],
    ] as const) {
      const error = await refusal(passwordGrant({ issuer: idp.issuer, clientId: 'loadtest', username, password }));
      expect(error.error).toBe('invalid_grant');
    }
  });

  it('signs many users in quickly', async () => {
    const started = performance.now();
    const logins = Array.from({ length: 300 }, (_, i) =>
      passwordGrant({
        issuer: idp.issuer,
        clientId: 'loadtest',
        username: `loadtest-${String(i + 1).padStart(5, '0')}`,
        password: 'bench-secret',
      }),
    );
    const tokens = await Promise.all(logins);
    expect(new Set(tokens.map((t) => t.access_token)).size).toBe(300);
    // Generous on a loaded CI machine; bcrypt per login would take several seconds.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('password grant with load-test users disabled', () => {
  let plain: RunningIdentityProvider;
  beforeAll(async () => {
    plain = await startIdentityProvider({ loadTestUsers: { enabled: false, password: 'bench-secret', count: 500 } });
  });
  afterAll(() => plain.close());

  it('refuses load-test users but still signs demo users in', async () => {
    const error = await refusal(
      passwordGrant({
        issuer: plain.issuer,
        clientId: 'loadtest',
        username: 'loadtest-00001',
        password: 'bench-secret',
      }),
    );
    expect(error.error).toBe('invalid_grant');
    await expect(
      passwordGrant({ issuer: plain.issuer, clientId: 'loadtest', username: 'fan', password: 'fan' }),
    ).resolves.toMatchObject({
      token_type: 'Bearer',
    });
  });
});

describe('client credentials', () => {
  it('gives the services client a token for its service account', async () => {
    const tokens = await clientCredentials({
      issuer: idp.issuer,
      clientId: 'services',
      clientSecret: 'services-dev-secret',
    });
    const claims = await verifyAccessToken(tokens.access_token);
    const serviceAccount = idp.realm.users.find((u) => u.serviceAccountClientId === 'services');
    expect(claims).toMatchObject({
      sub: serviceAccount?.id,
      azp: 'services',
      typ: 'Bearer',
      preferred_username: 'service-account-services',
    });
  });

  it('is refused to a public client', async () => {
    const response = await fetch(tokenEndpoint(idp.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'loadtest' }),
    });
    expect(response.status).toBe(400);
  });
});
