import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

/**
 * A stand-in for the realm's token endpoint in tests and benchmarks: it
 * publishes a JWKS where Keycloak does and mints access tokens shaped like
 * Keycloak's (issuer, audience, `typ: Bearer`, realm roles), so the real
 * verifier checks them exactly as it checks Keycloak's.
 */
export interface FanIdentity {
  issuer: string;
  audience: string;
  jwksUri: string;
  /** The signing key, for processes that mint their own fans' tokens (benchmark workers). */
  privateJwk: JWK;
  token(userId: string, roles?: readonly string[], lifetimeSeconds?: number): Promise<string>;
  close(): Promise<void>;
}

export interface TokenMinter {
  token(userId: string, roles?: readonly string[], lifetimeSeconds?: number): Promise<string>;
}

const kid = 'test-realm-key';

/** Mints access tokens with a key from `startFanIdentity` (in any process). */
export async function createTokenMinter(privateJwk: JWK, issuer: string, audience: string): Promise<TokenMinter> {
  const key = await importJWK(privateJwk, 'EdDSA');
  return {
    token: (userId, roles = ['fan'], lifetimeSeconds = 3_600) =>
      new SignJWT({
        typ: 'Bearer',
        azp: 'ticketing-site',
        realm_access: { roles: [...roles] },
        preferred_username: userId,
      })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(userId)
        .setIssuedAt()
        .setExpirationTime(`${lifetimeSeconds}s`)
        .sign(key),
  };
}

export async function startFanIdentity(audience = 'ticketing-api'): Promise<FanIdentity> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' };
  const server: Server = createServer((request, response) => {
    if (request.url?.endsWith('/protocol/openid-connect/certs')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [publicJwk] }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/ticketing`;
  const minter = await createTokenMinter(privateJwk, issuer, audience);
  return {
    issuer,
    audience,
    jwksUri: `${issuer}/protocol/openid-connect/certs`,
    privateJwk,
    token: (userId, roles, lifetimeSeconds) => minter.token(userId, roles, lifetimeSeconds),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
