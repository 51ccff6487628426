import type { Client, ClientMetadata, Provider } from 'oidc-provider';
import type { RealmClient, RealmExport } from './realm.ts';

/** What a Keycloak client says that oidc-provider's client metadata cannot. */
export interface ClientPolicy {
  name: string;
  /** Keycloak's `pkce.code.challenge.method` attribute; public clients always need PKCE here. */
  requirePkce: boolean;
  /** Origins allowed to call the token endpoint from a browser; `*` allows any. */
  webOrigins: ReadonlySet<string>;
  /** The `aud` of this client's access tokens, from its audience mapper. */
  audience: string;
}

export function enabledClients(realm: RealmExport): RealmClient[] {
  return realm.clients.filter((c) => c.enabled);
}

/** Keycloak's client switches as OAuth grant types, response types and authentication method. */
export function clientMetadataOf(client: RealmClient): ClientMetadata {
  const grantTypes: string[] = [];
  if (client.standardFlowEnabled) grantTypes.push('authorization_code', 'refresh_token');
  if (client.directAccessGrantsEnabled) grantTypes.push('password');
  if (client.serviceAccountsEnabled && !client.publicClient) grantTypes.push('client_credentials');
  if (!client.publicClient && client.secret === undefined) {
    throw new Error(`confidential client ${client.clientId} has no secret in the realm export`);
  }
  return {
    client_id: client.clientId,
    client_name: client.name ?? client.clientId,
    ...(client.publicClient
      ? { token_endpoint_auth_method: 'none' }
      : { token_endpoint_auth_method: 'client_secret_basic', client_secret: client.secret }),
    grant_types: grantTypes,
    response_types: client.standardFlowEnabled ? ['code'] : [],
    redirect_uris: client.standardFlowEnabled ? client.redirectUris : [],
    post_logout_redirect_uris: postLogoutRedirectUris(client),
  };
}

export function clientPolicyOf(client: RealmClient): ClientPolicy {
  const audiences = client.protocolMappers
    .filter((m) => m.protocolMapper === 'oidc-audience-mapper' && m.config['access.token.claim'] !== 'false')
    .map((m) => m.config['included.custom.audience'] ?? m.config['included.client.audience'])
    .filter((a): a is string => a !== undefined && a !== '');
  if (audiences.length > 1) {
    throw new Error(`client ${client.clientId} has several audience mappers; the development provider supports one`);
  }
  return {
    name: client.name ?? client.clientId,
    requirePkce: client.publicClient || client.attributes['pkce.code.challenge.method'] === 'S256',
    webOrigins: webOriginsOf(client),
    // A JWT access token needs an audience; without a mapper Keycloak's nearest equivalent is the client itself.
    audience: audiences[0] ?? client.clientId,
  };
}

function postLogoutRedirectUris(client: RealmClient): string[] {
  const attribute = client.attributes['post.logout.redirect.uris'];
  if (attribute === undefined || attribute === '') return [];
  return attribute.split('##').flatMap((uri) => (uri === '+' ? client.redirectUris : [uri]));
}

function webOriginsOf(client: RealmClient): Set<string> {
  const origins = new Set<string>();
  for (const origin of client.webOrigins) {
    if (origin === '+') {
      // Keycloak's `+`: every origin of the valid redirect URIs.
      for (const uri of client.redirectUris) {
        const parsed = URL.parse(uri.replace(/\*$/, ''));
        if (parsed !== null) origins.add(parsed.origin);
      }
    } else {
      origins.add(origin);
    }
  }
  return origins;
}

/** Keycloak's redirect URI rule: exact, or a prefix when the registered URI ends in `*`. */
export function redirectUriMatches(patterns: readonly string[], uri: string): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? uri.startsWith(pattern.slice(0, -1)) : pattern === uri));
}

/**
 * oidc-provider compares redirect URIs exactly; Keycloak realms register
 * wildcards such as `http://localhost:4321/*`, so this provider's clients
 * follow Keycloak's rule instead.
 */
export function useKeycloakRedirectMatching(provider: Provider): void {
  const prototype = provider.Client.prototype;
  prototype.redirectUriAllowed = function redirectUriAllowed(this: Client, uri: string) {
    return redirectUriMatches(this.redirectUris ?? [], uri);
  };
  prototype.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(this: Client, uri: string) {
    return redirectUriMatches(this.postLogoutRedirectUris ?? [], uri);
  };
}
