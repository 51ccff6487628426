import * as client from 'openid-client';
import { siteConfig } from '../config.ts';

/**
 * The storefront as an OpenID Connect public client: authorization code
 * with PKCE (S256), state and nonce, through openid-client. Discovery runs
 * once per process and again after a failure.
 */
let configuration: Promise<client.Configuration> | undefined;

export function oidcConfiguration(): Promise<client.Configuration> {
  if (!configuration) {
    const config = siteConfig();
    const issuer = new URL(config.OIDC_ISSUER);
    configuration = client
      .discovery(issuer, config.OIDC_CLIENT_ID, undefined, client.None(), {
        // Only a development issuer runs over plain http.
        ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
        timeout: Math.ceil(config.API_TIMEOUT_MS / 1000),
      })
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      });
  }
  return configuration;
}

/** What the browser carries (sealed) between leaving for the issuer and coming back. */
export interface SignInTransaction {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

export function redirectUri(): string {
  return `${siteConfig().SITE_URL}/auth/callback`;
}

export async function beginSignIn(returnTo: string): Promise<{ url: URL; transaction: SignInTransaction }> {
  const config = await oidcConfiguration();
  const transaction: SignInTransaction = {
    verifier: client.randomPKCECodeVerifier(),
    state: client.randomState(),
    nonce: client.randomNonce(),
    returnTo,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(),
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
    code_challenge_method: 'S256',
    state: transaction.state,
    nonce: transaction.nonce,
  });
  return { url, transaction };
}

export interface SignedIn {
  sub: string;
  name: string;
  email: string | undefined;
  accessToken: string;
  refreshToken: string | undefined;
  /** Seconds since the epoch. */
  accessExpiresAt: number;
}

function signedInOf(tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers, previous?: SignedIn) {
  const claims = tokens.claims();
  const now = Math.floor(Date.now() / 1000);
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const sub = text(claims?.sub) ?? previous?.sub;
  if (sub === undefined) throw new Error('the issuer returned no subject');
  return {
    sub,
    name: text(claims?.given_name) ?? text(claims?.name) ?? text(claims?.preferred_username) ?? previous?.name ?? 'Fan',
    email: text(claims?.email) ?? previous?.email,
    accessToken: tokens.access_token,
    // Keycloak and the development provider rotate refresh tokens; keep the old one only if none came back.
    refreshToken: tokens.refresh_token ?? previous?.refreshToken,
    accessExpiresAt: now + (tokens.expiresIn() ?? 300),
  } satisfies SignedIn;
}

export async function completeSignIn(callbackUrl: URL, transaction: SignInTransaction): Promise<SignedIn> {
  const config = await oidcConfiguration();
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: transaction.verifier,
    expectedState: transaction.state,
    expectedNonce: transaction.nonce,
    idTokenExpected: true,
  });
  return signedInOf(tokens);
}

export async function refreshSignIn(previous: SignedIn & { refreshToken: string }): Promise<SignedIn> {
  const config = await oidcConfiguration();
  const tokens = await client.refreshTokenGrant(config, previous.refreshToken);
  return signedInOf(tokens, previous);
}

/** The issuer's sign-out page, coming back to the storefront's home. */
export async function signOutUrl(): Promise<URL | undefined> {
  try {
    const config = await oidcConfiguration();
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(config, {
      client_id: config.clientMetadata().client_id,
      post_logout_redirect_uri: `${siteConfig().SITE_URL}/`,
    });
  } catch {
    return undefined;
  }
}
