import type { AccessToken, ClientCredentials, JWTStructured, KoaContextWithOIDC, ResourceServer } from 'oidc-provider';
import { profileClaims, type AccountDirectory } from './accounts.ts';
import type { ClientPolicy } from './clients.ts';

/**
 * Every access token is for one resource: "the realm's APIs". Clients never
 * name it (Keycloak has no resource parameter); the provider defaults to it,
 * and the client's audience mapper decides the `aud` it carries.
 */
export const realmApiResource = 'urn:ticketing:realm-api';

/** Scopes a token may carry, as Keycloak's default client scopes name them. */
export const supportedScopes = ['openid', 'profile', 'email', 'offline_access'] as const;

/** Keycloak applies the `profile` and `email` client scopes when a client asks for none. */
export const defaultScope = 'profile email';

export function realmApiResourceServer(policy: ClientPolicy, accessTokenLifespan: number): ResourceServer {
  return {
    scope: supportedScopes.join(' '),
    audience: policy.audience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: accessTokenLifespan,
    jwt: { sign: { alg: 'RS256' } },
  };
}

/**
 * Reshapes oidc-provider's JWT access tokens into Keycloak's: `typ: Bearer`,
 * `azp`, `realm_access.roles` and the profile claims, so services verify the
 * same token shape whichever issuer they trust.
 */
export function keycloakAccessTokenClaims(directory: AccountDirectory) {
  return (_ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials, jwt: JWTStructured): void => {
    const clientId = token.clientId;
    // Keycloak's header says JWT; oidc-provider's at+jwt would make typ-checking clients disagree.
    jwt.header = { ...jwt.header, typ: 'JWT' };
    const payload = jwt.payload;
    payload.typ = 'Bearer';
    payload.azp = clientId;
    if (token.kind === 'AccessToken') {
      const account = directory.findById(token.accountId);
      if (account !== undefined) Object.assign(payload, profileClaims(account));
      // Keycloak names the client of a user's token only in azp.
      delete payload.client_id;
    } else if (clientId !== undefined) {
      const serviceAccount = directory.serviceAccountFor(clientId);
      if (serviceAccount !== undefined) Object.assign(payload, profileClaims(serviceAccount));
    }
  };
}
