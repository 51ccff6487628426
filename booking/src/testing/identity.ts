import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import {
  createAdmissionVerifier,
  createTokenVerifier,
  generateAdmissionKey,
  signAdmissionToken,
  type AdmissionGrant,
  type AdmissionVerifier,
  type Authenticator,
} from '@ticketing/common';

/**
 * A stand-in for the identity provider and the waiting room's key set, for
 * tests and benchmarks: a local key pair for each, their public keys served
 * as JWKS on a loopback port, and helpers that mint real signed tokens. The
 * booking code verifies them exactly as it verifies production tokens.
 */
export interface TestIdentity {
  issuer: string;
  audience: string;
  /** The realm's certs endpoint (what OIDC_JWKS_URL points at). */
  jwksUri: string;
  /** The waiting room's key set (what ADMISSION_JWKS_URL points at). */
  admissionJwksUri: string;
  authenticator: Authenticator;
  admission: AdmissionVerifier;
  accessToken(userId: string, options?: AccessTokenOptions): Promise<string>;
  admissionToken(grant: Partial<AdmissionGrant> & Pick<AdmissionGrant, 'sub' | 'drop' | 'event'>): Promise<string>;
  /** Environment for a booking process that should trust these keys. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export interface AccessTokenOptions {
  roles?: string[];
  expiresInSeconds?: number;
  /** The `email` claim; with `emailVerified` (default true) its `email_verified`. */
  email?: string;
  emailVerified?: boolean;
}

export const testAudience = 'ticketing-api';

export async function startTestIdentity(): Promise<TestIdentity> {
  const realmKey = await generateKeyPair('ES256', { extractable: true });
  const realmKid = randomUUID();
  const realmJwk: JWK = { ...(await exportJWK(realmKey.publicKey)), kid: realmKid, alg: 'ES256', use: 'sig' };
  const admissionKey = await generateAdmissionKey();

  const server = createServer((req, res) => {
    const keys = req.url === '/.well-known/jwks.json' ? [admissionKey.publicJwk] : [realmJwk];
    if (req.url !== '/.well-known/jwks.json' && req.url !== '/realms/ticketing/protocol/openid-connect/certs') {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/realms/ticketing`;
  const jwksUri = `${issuer}/protocol/openid-connect/certs`;
  const admissionJwksUri = `${base}/.well-known/jwks.json`;

  return {
    issuer,
    audience: testAudience,
    jwksUri,
    admissionJwksUri,
    authenticator: createTokenVerifier({ issuer, audience: testAudience, jwksUri }),
    admission: createAdmissionVerifier({ jwksUri: admissionJwksUri }),
    accessToken(userId, options = {}) {
      return signAccessToken(realmKey.privateKey, realmKid, issuer, userId, options);
    },
    admissionToken(grant) {
      return signAdmissionToken(
        { maxSeats: 4, exp: Math.floor(Date.now() / 1000) + 600, ...grant },
        { kid: admissionKey.kid, privateKey: admissionKey.privateKey },
      );
    },
    env() {
      return {
        OIDC_ISSUER: issuer,
        OIDC_AUDIENCE: testAudience,
        OIDC_JWKS_URL: jwksUri,
        ADMISSION_JWKS_URL: admissionJwksUri,
      };
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function signAccessToken(
  key: CryptoKey,
  kid: string,
  issuer: string,
  userId: string,
  options: AccessTokenOptions,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    typ: 'Bearer',
    azp: 'ticketing-site',
    preferred_username: userId,
    realm_access: { roles: options.roles ?? ['fan'] },
    ...(options.email === undefined ? {} : { email: options.email, email_verified: options.emailVerified ?? true }),
  })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setSubject(userId)
    .setIssuer(issuer)
    .setAudience(testAudience)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 3600))
    .sign(key);
}
