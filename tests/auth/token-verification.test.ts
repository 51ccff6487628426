import { importJWK, SignJWT, type JWK } from 'jose';
import { z } from 'zod';
import {
  createApp,
  createLogger,
  createMetrics,
  createTokenVerifier,
  defineRoute,
  listen,
  mountRoutes,
  type RunningServer,
} from '@ticketing/common';
import {
  generateSigningKey,
  passwordGrant,
  startIdentityProvider,
  type RunningIdentityProvider,
} from '@ticketing/identity';

// A service's protected routes, verified against the running development identity provider.

const logger = createLogger('auth-test', 'silent');
const audience = 'ticketing-api';

const whoAmI = defineRoute({
  method: 'get',
  path: '/me',
  access: ['fan'],
  output: { 200: z.object({ id: z.string(), roles: z.array(z.string()) }) },
  async handler({ user }) {
    return { status: 200, body: { id: user.id, roles: [...user.roles] } };
  },
});
const organizerOnly = defineRoute({
  method: 'get',
  path: '/organizer',
  access: ['organizer'],
  output: { 200: z.object({ ok: z.boolean() }) },
  async handler() {
    return { status: 200, body: { ok: true } };
  },
});

let firstKey: JWK;
let identity: RunningIdentityProvider;
let service: RunningServer;

async function startService(issuer: string): Promise<RunningServer> {
  const { app, router } = createApp({
    service: 'auth-test',
    logger,
    metrics: createMetrics('auth-test', { defaults: false }),
  });
  // No cooldown: the rotation test must see a refetch on the first unknown kid.
  mountRoutes(router, [whoAmI, organizerOnly], {
    authenticator: createTokenVerifier({ issuer, audience, jwksCooldownMs: 0 }),
  });
  return listen(app, 0, '127.0.0.1');
}

const demoToken = async (username: string, issuer = identity.issuer) =>
  (await passwordGrant({ issuer, clientId: 'loadtest', username, password: username })).access_token;

async function call(path: string, token?: string) {
  const response = await fetch(`${service.url}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { code?: string; id?: string };
  return { status: response.status, body };
}

/** A token signed with the provider's real key, with claims of the test's choosing. */
async function signWith(jwk: JWK, claims: Record<string, unknown>, expiresAt: number) {
  const key = await importJWK(jwk, 'RS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid!, typ: 'JWT' })
    .setIssuedAt(expiresAt - 900)
    .setExpirationTime(expiresAt)
    .sign(key);
}

beforeAll(async () => {
  firstKey = await generateSigningKey();
  identity = await startIdentityProvider({ signingKeys: { keys: [firstKey] }, env: 'test', logger });
  service = await startService(identity.issuer);
});

afterAll(async () => {
  await service.close(100);
  await identity.close();
});

describe('access tokens from the identity provider', () => {
  test('a demo fan token is accepted and names the fan', async () => {
    const { status, body } = await call('/me', await demoToken('fan'));
    expect(status).toBe(200);
    expect(body).toEqual({
      id: identity.accounts.authenticate('fan', 'fan')?.id,
      roles: expect.arrayContaining(['fan']),
    });
  });

  test('no token, a malformed header and a garbage token are 401 with distinct codes', async () => {
    expect(await call('/me')).toMatchObject({ status: 401, body: { code: 'auth_required' } });
    const malformed = await fetch(`${service.url}/me`, { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    expect(malformed.status).toBe(401);
    expect(((await malformed.json()) as { code: string }).code).toBe('auth_malformed');
    expect(await call('/me', 'not.a.jwt')).toMatchObject({ status: 401, body: { code: 'token_invalid' } });
  });

  test('a tampered signature is refused', async () => {
    const token = await demoToken('fan');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(await call('/me', `${header}.${payload}.${flipped}`)).toMatchObject({
      status: 401,
      body: { code: 'token_bad_signature' },
    });
  });

  test('a token whose claims were edited after signing is refused', async () => {
    const token = await demoToken('fan');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    claims.realm_access = { roles: ['fan', 'admin'] };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(await call('/me', forged)).toMatchObject({ status: 401, body: { code: 'token_bad_signature' } });
  });

  test('a token from another issuer is refused, even when signed with a trusted key', async () => {
    const other = await startIdentityProvider({ signingKeys: { keys: [firstKey] }, env: 'test', logger });
    try {
      const token = await demoToken('fan', other.issuer);
      expect(await call('/me', token)).toMatchObject({ status: 401, body: { code: 'token_wrong_issuer' } });
    } finally {
      await other.close();
    }
  });

  test('an expired token is refused', async () => {
    const fan = identity.accounts.authenticate('fan', 'fan')!;
    const token = await signWith(
      firstKey,
      { iss: identity.issuer, aud: audience, sub: fan.id, typ: 'Bearer', realm_access: { roles: ['fan'] } },
      Math.floor(Date.now() / 1000) - 60,
    );
    expect(await call('/me', token)).toMatchObject({ status: 401, body: { code: 'token_expired' } });
  });

  test('a token for another audience is refused', async () => {
    const fan = identity.accounts.authenticate('fan', 'fan')!;
    const token = await signWith(
      firstKey,
      { iss: identity.issuer, aud: 'account', sub: fan.id, typ: 'Bearer', realm_access: { roles: ['fan'] } },
      Math.floor(Date.now() / 1000) + 300,
    );
    expect(await call('/me', token)).toMatchObject({ status: 401, body: { code: 'token_wrong_audience' } });
  });

  test('a valid token without the needed role is 403', async () => {
    expect(await call('/organizer', await demoToken('fan'))).toMatchObject({
      status: 403,
      body: { code: 'insufficient_role' },
    });
    expect(await call('/organizer', await demoToken('organizer'))).toMatchObject({ status: 200 });
  });
});

describe('key rotation', () => {
  test('the JWKS cache picks up a key it has not seen', async () => {
    // The service has cached the first key; the provider now signs with a new one.
    expect((await call('/me', await demoToken('fan'))).status).toBe(200);
    const { port } = new URL(identity.url);
    const secondKey = await generateSigningKey();
    await identity.close();
    // Let the client side see its keep-alive sockets to the old process close.
    await new Promise((resolve) => setTimeout(resolve, 50));
    identity = await startIdentityProvider({
      port: Number(port),
      signingKeys: { keys: [secondKey, firstKey] },
      env: 'test',
      logger,
    });
    const rotated = await demoToken('fan');
    expect(JSON.parse(Buffer.from(rotated.split('.')[0]!, 'base64url').toString())).toMatchObject({
      kid: secondKey.kid,
    });
    expect((await call('/me', rotated)).status).toBe(200);
  });
});
