import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, type JWK } from 'jose';
import {
  admissionAudience,
  admissionIssuer,
  createAdmissionVerifier,
  generateAdmissionKey,
  importAdmissionKey,
  signAdmissionToken,
  type AdmissionGrant,
  type AdmissionKeyPair,
} from './admission.ts';
import { DomainError } from './errors.ts';

const now = () => Math.floor(Date.now() / 1000);
const expected = { userId: 'fan-1', dropId: 'drop-1', eventId: 'event-1' };
const grant = (overrides: Partial<AdmissionGrant> = {}): AdmissionGrant => ({
  sub: 'fan-1',
  drop: 'drop-1',
  event: 'event-1',
  maxSeats: 4,
  exp: now() + 600,
  ...overrides,
});

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the verification to fail');
}

let key: AdmissionKeyPair;
let other: AdmissionKeyPair;

beforeAll(async () => {
  key = await generateAdmissionKey('k1');
  other = await generateAdmissionKey('k2');
});

describe('admission tokens against a local key set', () => {
  const verifier = () => createAdmissionVerifier({ jwks: { keys: [key.publicJwk] } });

  test('a token signed by a published key verifies and yields its claims', async () => {
    const token = await signAdmissionToken(grant({ jti: 'jti-1' }), key);
    const claims = await verifier().verify(token, expected);
    expect(claims).toMatchObject({
      sub: 'fan-1',
      drop: 'drop-1',
      event: 'event-1',
      jti: 'jti-1',
      maxSeats: 4,
      iss: admissionIssuer,
      aud: admissionAudience,
    });
    expect(claims.exp).toBeGreaterThan(claims.iat);
  });

  test('the published key carries kid, alg and no private member', () => {
    expect(key.publicJwk).toMatchObject({ kid: 'k1', alg: 'EdDSA', crv: 'Ed25519', kty: 'OKP', use: 'sig' });
    expect(key.publicJwk.d).toBeUndefined();
    expect(key.privateJwk.d).toBeTruthy();
  });

  test('a stored private key signs tokens that verify', async () => {
    const restored = await importAdmissionKey(key.privateJwk);
    const token = await signAdmissionToken(grant(), restored);
    await expect(verifier().verify(token, expected)).resolves.toMatchObject({ sub: 'fan-1' });
  });

  test('an expired token is admission_expired', async () => {
    const token = await signAdmissionToken(grant({ iat: now() - 700, exp: now() - 60 }), key);
    const error = await failure(verifier().verify(token, expected));
    expect([error.kind, error.code]).toEqual(['forbidden', 'admission_expired']);
  });

  test('a token for another drop or another event is admission_wrong_drop', async () => {
    for (const overrides of [{ drop: 'drop-2' }, { event: 'event-2' }]) {
      const token = await signAdmissionToken(grant(overrides), key);
      const error = await failure(verifier().verify(token, expected));
      expect([error.kind, error.code]).toEqual(['forbidden', 'admission_wrong_drop']);
    }
  });

  test("another fan's token is admission_wrong_user", async () => {
    const token = await signAdmissionToken(grant({ sub: 'fan-2' }), key);
    const error = await failure(verifier().verify(token, expected));
    expect([error.kind, error.code]).toEqual(['forbidden', 'admission_wrong_user']);
  });

  test('a remembered token is still checked for its fan, its drop and its expiry on every use', async () => {
    const own = createAdmissionVerifier({ jwks: { keys: [key.publicJwk] } }, { clockToleranceSeconds: 0 });
    const token = await signAdmissionToken(grant({ exp: now() + 2 }), key);
    await expect(own.verify(token, expected)).resolves.toMatchObject({ sub: 'fan-1' });
    const wrongUser = await failure(own.verify(token, { ...expected, userId: 'fan-2' }));
    expect(wrongUser.code).toBe('admission_wrong_user');
    const wrongDrop = await failure(own.verify(token, { ...expected, dropId: 'drop-2' }));
    expect(wrongDrop.code).toBe('admission_wrong_drop');
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const expired = await failure(own.verify(token, expected));
    expect(expired.code).toBe('admission_expired');
  });

  test('forged, malformed and foreign tokens are admission_invalid; an unknown kid is admission_unknown_key', async () => {
    // Same kid as the published key, signed by another private key.
    const forged = await signAdmissionToken(grant(), { kid: 'k1', privateKey: other.privateKey });
    const unknownKey = await signAdmissionToken(grant(), other);
    const valid = await signAdmissionToken(grant(), key);
    const [header, payload] = valid.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ sub: 'fan-1', maxSeats: 50 })).toString('base64url')}.${valid.split('.')[2]}`;
    const signedAs = (iss: string, aud: string) =>
      new SignJWT({ drop: 'drop-1', event: 'event-1', maxSeats: 4 })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setSubject('fan-1')
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('10m')
        .setIssuer(iss)
        .setAudience(aud)
        .sign(key.privateKey);
    const withoutMaxSeats = await new SignJWT({ drop: 'drop-1', event: 'event-1' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject('fan-1')
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('10m')
      .setIssuer(admissionIssuer)
      .setAudience(admissionAudience)
      .sign(key.privateKey);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${payload}.`;
    const hmac = await new SignJWT({ drop: 'drop-1', event: 'event-1', maxSeats: 4 })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('fan-1')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a shared secret that anyone could guess'));

    const tokens = {
      forged,
      unknownKey,
      tampered,
      wrongIssuer: await signedAs('someone-else', admissionAudience),
      wrongAudience: await signedAs(admissionIssuer, 'ticketing-catalog'),
      withoutMaxSeats,
      unsigned,
      hmac,
      garbage: 'not-a-token',
      empty: '',
      threeDots: 'a.b.c',
    };
    const codes: Record<string, [string, string]> = {};
    for (const [name, token] of Object.entries(tokens)) {
      const error = await failure(verifier().verify(token, expected));
      codes[name] = [error.kind, error.code];
    }
    expect(codes).toEqual(
      Object.fromEntries(
        Object.keys(tokens).map((name) => [
          name,
          ['forbidden', name === 'unknownKey' ? 'admission_unknown_key' : 'admission_invalid'],
        ]),
      ),
    );
  });
});

describe('admission tokens against a remote key set', () => {
  let server: Server;
  let published: JWK[];
  let fetches: number;
  let jwksUri: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  beforeEach(() => {
    published = [key.publicJwk];
    fetches = 0;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('keys are fetched once and reused, so verification stays offline', async () => {
    const verifier = createAdmissionVerifier({ jwksUri });
    for (let i = 0; i < 5; i++) {
      await verifier.verify(await signAdmissionToken(grant(), key), expected);
    }
    expect(fetches).toBe(1);
  });

  test('a token naming an unknown kid refetches the set, which is how a rotated key arrives', async () => {
    const verifier = createAdmissionVerifier({ jwksUri }, { jwksCooldownMs: 0 });
    await verifier.verify(await signAdmissionToken(grant(), key), expected);
    published = [key.publicJwk, other.publicJwk];
    await expect(verifier.verify(await signAdmissionToken(grant(), other), expected)).resolves.toMatchObject({
      sub: 'fan-1',
    });
    expect(fetches).toBe(2);
  });

  test('a kid that is still unknown after the refetch is admission_unknown_key', async () => {
    const verifier = createAdmissionVerifier({ jwksUri }, { jwksCooldownMs: 0 });
    const error = await failure(verifier.verify(await signAdmissionToken(grant(), other), expected));
    expect([error.kind, error.code]).toEqual(['forbidden', 'admission_unknown_key']);
  });

  test('an unreachable key set is a retryable unavailability, not a verdict on the token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const verifier = createAdmissionVerifier({ jwksUri: `http://127.0.0.1:${port}/jwks.json` });
    const error = await failure(verifier.verify(await signAdmissionToken(grant(), key), expected));
    expect([error.kind, error.code]).toEqual(['unavailable', 'admission_keys_unavailable']);
    expect(error.retryAfter).toBeGreaterThan(0);
  });
});
