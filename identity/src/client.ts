/**
 * Token requests against a Keycloak realm or the development provider (the
 * paths are Keycloak's, so no discovery round trip is needed). Used by tests
 * and benchmarks of the other services to sign users and services in.
 */

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
  id_token?: string;
  refresh_token?: string;
  [member: string]: unknown;
}

/** The token endpoint said no; `error` is the OAuth error code (`invalid_grant`, …). */
export class TokenRequestError extends Error {
  readonly status: number;
  readonly error: string;
  readonly errorDescription: string | undefined;

  constructor(status: number, error: string, errorDescription: string | undefined) {
    super(`token request failed: ${status} ${error}${errorDescription ? ` (${errorDescription})` : ''}`);
    this.name = 'TokenRequestError';
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
  }
}

interface ClientAuth {
  /** The realm's issuer, e.g. http://localhost:4005/realms/ticketing. */
  issuer: string;
  clientId: string;
  /** Only for confidential clients (`services`). */
  clientSecret?: string;
  scope?: string;
  /** Another fetch (a benchmark's own connection pool). */
  fetch?: typeof fetch;
}

export interface PasswordGrantRequest extends ClientAuth {
  username: string;
  password: string;
}

export interface ClientCredentialsRequest extends ClientAuth {
  clientSecret: string;
}

export function tokenEndpoint(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/protocol/openid-connect/token`;
}

/** Keycloak's direct access grant: a user's access token from their username and password. */
export function passwordGrant(request: PasswordGrantRequest): Promise<TokenResponse> {
  return requestToken(request, { grant_type: 'password', username: request.username, password: request.password });
}

/** A service's own access token (its service account). */
export function clientCredentials(request: ClientCredentialsRequest): Promise<TokenResponse> {
  return requestToken(request, { grant_type: 'client_credentials' });
}

async function requestToken(auth: ClientAuth, parameters: Record<string, string>): Promise<TokenResponse> {
  const body = new URLSearchParams(parameters);
  if (auth.scope !== undefined) body.set('scope', auth.scope);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (auth.clientSecret === undefined) {
    body.set('client_id', auth.clientId);
  } else {
    // RFC 6749 §2.3.1: each half is form-encoded before the Basic encoding.
    const pair = `${formEncode(auth.clientId)}:${formEncode(auth.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  const response = await (auth.fetch ?? fetch)(tokenEndpoint(auth.issuer), { method: 'POST', headers, body });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof json.access_token !== 'string') {
    throw new TokenRequestError(
      response.status,
      typeof json.error === 'string' ? json.error : 'invalid_response',
      typeof json.error_description === 'string' ? json.error_description : undefined,
    );
  }
  return json as TokenResponse;
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}
