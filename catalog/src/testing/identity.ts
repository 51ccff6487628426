import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TestIssuer {
  /** OIDC_ISSUER / OIDC_AUDIENCE / OIDC_JWKS_URL for a catalog that should trust this issuer. */
  env: Record<string, string>;
  token(userId: string, claims?: { roles?: string[]; email?: string; name?: string }): Promise<string>;
  close(): Promise<void>;
}

/** A local issuer: its key set served on loopback, and real signed access tokens shaped like Keycloak's. */
export async function startTestIssuer(): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const server = createServer((_, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/realms/ticketing`;
  const audience = 'ticketing-api';
  return {
    env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_JWKS_URL: `${issuer}/protocol/openid-connect/certs` },
    token(userId, claims = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        typ: 'Bearer',
        azp: 'ticketing-site',
        preferred_username: userId,
        ...(claims.email ? { email: claims.email } : {}),
        ...(claims.name ? { name: claims.name } : {}),
        realm_access: { roles: claims.roles ?? ['fan'] },
      })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
