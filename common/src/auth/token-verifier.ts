import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { unauthenticated, unavailable } from '../errors.ts';
import type { Authenticator, Principal } from './principal.ts';

export interface TokenVerifierOptions {
  /** The realm's issuer, e.g. http://localhost:4005/realms/ticketing. */
  issuer: string;
  /** The audience this service accepts (the realm's audience mapper sets it). */
  audience: string;
  /** Defaults to Keycloak's certs endpoint under the issuer. */
  jwksUri?: string;
  /** Seconds of clock skew tolerated on exp/nbf/iat. */
  clockToleranceSeconds?: number;
  /** How soon an unknown `kid` may trigger another JWKS fetch. */
  jwksCooldownMs?: number;
  /** How long fetched keys are trusted before a refresh. */
  jwksMaxAgeMs?: number;
}

interface KeycloakClaims extends JWTPayload {
  typ?: string;
  azp?: string;
  preferred_username?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  realm_access?: { roles?: unknown };
}

/**
 * Verifies access tokens offline against the issuer's JWKS: signature,
 * issuer, audience, expiry. Keys are cached and refetched when a token names
 * a `kid` the cache does not know, which is how key rotation reaches us.
 */
export function createTokenVerifier(options: TokenVerifierOptions): Authenticator {
  const jwksUri = new URL(options.jwksUri ?? `${options.issuer}/protocol/openid-connect/certs`);
  const keys = createRemoteJWKSet(jwksUri, {
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    cacheMaxAge: options.jwksMaxAgeMs ?? 10 * 60_000,
    timeoutDuration: 5_000,
  });

  return {
    async verify(token: string): Promise<Principal> {
      let payload: KeycloakClaims;
      try {
        ({ payload } = await jwtVerify<KeycloakClaims>(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          clockTolerance: options.clockToleranceSeconds ?? 5,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (error) {
        throw translate(error);
      }
      // Keycloak marks access tokens `Bearer`; an ID or refresh token is not a credential here.
      if (payload.typ !== undefined && payload.typ !== 'Bearer') {
        throw unauthenticated('token_wrong_type', 'Only access tokens are accepted');
      }
      const realmRoles = payload.realm_access?.roles;
      return {
        id: payload.sub as string,
        roles: Array.isArray(realmRoles) ? realmRoles.filter((r): r is string => typeof r === 'string') : [],
        username: payload.preferred_username,
        email: payload.email,
        emailVerified: payload.email_verified === true,
        name: payload.name,
        clientId: payload.azp,
      };
    },
  };
}

function translate(error: unknown) {
  if (error instanceof errors.JWTExpired) return unauthenticated('token_expired', 'The access token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return unauthenticated('token_wrong_issuer', 'The access token is from another issuer');
    if (error.claim === 'aud')
      return unauthenticated('token_wrong_audience', 'The access token is for another audience');
    return unauthenticated('token_invalid', `The access token's ${error.claim} claim is not acceptable`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return unauthenticated('token_bad_signature', 'The access token signature does not verify');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return unauthenticated('token_unknown_key', 'The access token is signed with an unknown key');
  }
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError)
  ) {
    return unavailable('identity_unavailable', 'The identity provider keys cannot be fetched', {
      cause: error,
      retryAfter: 5,
    });
  }
  return unauthenticated('token_invalid', 'The access token is malformed');
}
