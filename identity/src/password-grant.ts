import { randomUUID } from 'node:crypto';
import { errors, type Provider, type ResourceServer } from 'oidc-provider';
import { profileClaims, type AccountDirectory } from './accounts.ts';
import { defaultScope, realmApiResource, supportedScopes } from './keycloak-tokens.ts';

interface PasswordParameters {
  username?: string;
  password?: string;
}

export interface PasswordGrantOptions {
  directory: AccountDirectory;
  /** The realm API's resource server for the requesting client. */
  resourceServerFor(clientId: string): ResourceServer;
}

const supported = new Set<string>(supportedScopes);

/**
 * Keycloak's "direct access grants" (RFC 6749 §4.3), which oidc-provider
 * leaves out. Only clients whose realm entry enables direct access grants
 * have `password` among their grant types; the provider refuses the others
 * before this handler runs.
 *
 * Benchmarks sign in thousands of users, so nothing is stored per sign-in:
 * the access token is a self-contained JWT, and no refresh token is issued
 * (a stored grant per benchmark user would crowd browser sessions out of the
 * provider's in-memory store).
 */
export function registerPasswordGrant(provider: Provider, options: PasswordGrantOptions): void {
  provider.registerGrantType<PasswordParameters>(
    'password',
    async (ctx) => {
      const { username, password, scope: requested } = ctx.oidc.params;
      if (!username || password === undefined) {
        throw new errors.InvalidRequest('username and password are required');
      }
      const scopes = new Set((requested ?? defaultScope).split(' ').filter(Boolean));
      const unknown = [...scopes].filter((s) => !supported.has(s));
      if (unknown.length > 0) throw new errors.InvalidScope('requested scope is not supported', unknown.join(' '));
      const scope = [...scopes].join(' ');

      const account = options.directory.authenticate(username, password);
      if (account === undefined) throw new errors.InvalidGrant('Invalid user credentials');

      const { client } = ctx.oidc;
      const accessToken = new provider.AccessToken({
        accountId: account.id,
        client,
        // Never stored or looked up: a JWT access token is not revoked by grant.
        grantId: randomUUID(),
        gty: 'password',
        scope,
      });
      accessToken.resourceServer = new provider.ResourceServer(
        realmApiResource,
        options.resourceServerFor(client.clientId),
      );
      ctx.oidc.entity('AccessToken', accessToken);
      const value = await accessToken.save();

      let idToken: string | undefined;
      if (scopes.has('openid')) {
        const token = new provider.IdToken(profileClaims(account), { ctx });
        // The claims mask reads the granted scope, as for an authorization code.
        Object.assign(token, { scope });
        idToken = await token.issue({ use: 'idtoken' });
      }

      ctx.body = {
        access_token: value,
        expires_in: accessToken.expiration,
        token_type: accessToken.tokenType,
        scope,
        ...(idToken === undefined ? {} : { id_token: idToken }),
      };
    },
    ['username', 'password', 'scope'],
  );
}
