import { randomUUID, type KeyObject } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';
import { forbidden, unavailable } from './errors.ts';

/**
 * The admission token: the waiting room's signed word that a fan may book
 * in one drop, for a while, up to a number of seats. The waiting room signs
 * it (Ed25519, `kid` header, keys published as a JWKS); booking verifies it
 * offline against the cached key set.
 */

export const admissionIssuer = 'ticketing-waiting-room';
export const admissionAudience = 'ticketing-booking';
export const admissionAlgorithm = 'EdDSA';
// `Ed25519` is the fully specified name for the same signature (RFC 9864).
const acceptedAlgorithms = ['EdDSA', 'Ed25519'];

export interface AdmissionClaims {
  /** The fan's user id (the identity provider's subject). */
  sub: string;
  drop: string;
  event: string;
  /** The token's id; a hold records it. */
  jti: string;
  iat: number;
  /** End of the admission window, seconds since the epoch. */
  exp: number;
  /** The most seats one hold made with this token may take. */
  maxSeats: number;
  iss: string;
  aud: string;
}

/** What the issuer decides; `iss`, `aud`, and by default `jti` and `iat`, are filled in. */
export interface AdmissionGrant {
  sub: string;
  drop: string;
  event: string;
  maxSeats: number;
  exp: number;
  jti?: string;
  iat?: number;
}

export interface AdmissionSigningKey {
  kid: string;
  privateKey: CryptoKey | KeyObject;
}

export interface AdmissionKeyPair extends AdmissionSigningKey {
  publicKey: CryptoKey;
  /** The public key as published in the JWKS (`kid`, `alg`, `use` set). */
  publicJwk: JWK;
  /** The private key as a JWK, for storing it where every issuer instance can read it. */
  privateJwk: JWK;
}

export async function signAdmissionToken(grant: AdmissionGrant, key: AdmissionSigningKey): Promise<string> {
  const iat = grant.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ drop: grant.drop, event: grant.event, maxSeats: grant.maxSeats })
    .setProtectedHeader({ alg: admissionAlgorithm, kid: key.kid, typ: 'JWT' })
    .setSubject(grant.sub)
    .setJti(grant.jti ?? randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(grant.exp)
    .setIssuer(admissionIssuer)
    .setAudience(admissionAudience)
    .sign(key.privateKey);
}

/** A new Ed25519 key pair; extractable, so the issuer can store and publish it. */
export async function generateAdmissionKey(kid: string = randomUUID()): Promise<AdmissionKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(admissionAlgorithm, { crv: 'Ed25519', extractable: true });
  const meta = { kid, alg: admissionAlgorithm, use: 'sig' };
  return {
    kid,
    privateKey,
    publicKey,
    publicJwk: { ...(await exportJWK(publicKey)), ...meta },
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
  };
}

/** Loads a stored private JWK (with its `kid`) back into a signing key. */
export async function importAdmissionKey(privateJwk: JWK): Promise<AdmissionSigningKey> {
  if (!privateJwk.kid || !privateJwk.d) throw new Error('an admission signing key needs kid and d');
  const privateKey = await importJWK(privateJwk, admissionAlgorithm);
  if (privateKey instanceof Uint8Array) throw new Error('an admission signing key must be asymmetric');
  return { kid: privateJwk.kid, privateKey };
}

export interface AdmissionExpectation {
  userId: string;
  dropId: string;
  eventId: string;
}

export interface AdmissionVerifier {
  /** The token's claims, or a DomainError (`forbidden`, or `unavailable` when keys cannot be fetched). */
  verify(token: string, expected: AdmissionExpectation): Promise<AdmissionClaims>;
}

export type AdmissionKeySource = { jwksUri: string } | { jwks: JSONWebKeySet };

export interface AdmissionVerifierOptions {
  clockToleranceSeconds?: number;
  /** How soon an unknown `kid` may trigger another JWKS fetch. */
  jwksCooldownMs?: number;
  /** How long fetched keys are trusted before a refresh. */
  jwksMaxAgeMs?: number;
  jwksTimeoutMs?: number;
  /** Verified tokens remembered (oldest out first); each for at most a minute. */
  cacheEntries?: number;
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  drop: z.string().min(1),
  event: z.string().min(1),
  jti: z.string().min(1),
  iat: z.number(),
  exp: z.number(),
  maxSeats: z.number().int().positive(),
  iss: z.string(),
  aud: z.string(),
});

export function createAdmissionVerifier(
  source: AdmissionKeySource,
  options: AdmissionVerifierOptions = {},
): AdmissionVerifier {
  // The remote set caches keys and refetches (after the cooldown) when a token
  // names a `kid` it does not know, which is how key rotation reaches booking.
  const keys: JWTVerifyGetKey =
    'jwksUri' in source
      ? createRemoteJWKSet(new URL(source.jwksUri), {
          cooldownDuration: options.jwksCooldownMs ?? 30_000,
          cacheMaxAge: options.jwksMaxAgeMs ?? 10 * 60_000,
          timeoutDuration: options.jwksTimeoutMs ?? 5_000,
        })
      : createLocalJWKSet(source.jwks);

  // Verified claims by token text, until the token expires (at most a minute):
  // a fan presents one admission token for each of their holds, and the
  // signature need only be checked once. Who, which drop and expiry are still
  // checked on every call.
  const tolerance = options.clockToleranceSeconds ?? 5;
  const verified = new Map<string, { claims: AdmissionClaims; until: number }>();
  const maxEntries = options.cacheEntries ?? 50_000;

  async function claimsOf(token: string): Promise<AdmissionClaims> {
    const now = Date.now();
    const hit = verified.get(token);
    if (hit && hit.until > now) return hit.claims;
    if (hit) verified.delete(token);
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: admissionIssuer,
        audience: admissionAudience,
        algorithms: acceptedAlgorithms,
        clockTolerance: tolerance,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      }));
    } catch (error) {
      throw translate(error);
    }
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) throw invalidToken('The admission token lacks required claims');
    const claims = parsed.data;
    if (verified.size >= maxEntries) verified.delete(verified.keys().next().value as string);
    verified.set(token, { claims, until: Math.min(now + 60_000, (claims.exp + tolerance) * 1000) });
    return claims;
  }

  return {
    async verify(token, expected) {
      const claims = await claimsOf(token);
      if (Date.now() >= (claims.exp + tolerance) * 1000) {
        throw forbidden('admission_expired', 'The admission token has expired');
      }
      if (claims.sub !== expected.userId) {
        throw forbidden('admission_wrong_user', 'The admission token was issued to another user');
      }
      if (claims.drop !== expected.dropId || claims.event !== expected.eventId) {
        throw forbidden('admission_wrong_drop', 'The admission token is for another drop');
      }
      return claims;
    },
  };
}

const invalidToken = (message: string) => forbidden('admission_invalid', message);

function translate(error: unknown) {
  if (error instanceof errors.JWTExpired) return forbidden('admission_expired', 'The admission token has expired');
  // The key set could not be had (network, timeout, a non-200 or non-JSON
  // answer): that says nothing about the token, so it is a retryable 503.
  const keysUnreachable =
    !(error instanceof errors.JOSEError) ||
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error.code === errors.JOSEError.code;
  if (keysUnreachable) {
    return unavailable('admission_keys_unavailable', 'The waiting room keys cannot be fetched', {
      cause: error,
      retryAfter: 5,
    });
  }
  // A key id the published set does not hold (even after a refetch) is told
  // apart from a forged signature: it is what a stale or foreign issuer looks like.
  if (error instanceof errors.JWKSNoMatchingKey) {
    return forbidden('admission_unknown_key', 'The admission token is signed with an unknown key');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return invalidToken('The admission token signature does not verify');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return invalidToken(`The admission token's ${error.claim} claim is not acceptable`);
  }
  return invalidToken('The admission token is malformed');
}
