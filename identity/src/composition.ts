import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import mount from 'koa-mount';
import { errors, Provider, type Configuration } from 'oidc-provider';
import {
  createApp,
  createLogger,
  createMetrics,
  listen,
  type Logger,
  type Metrics,
  type RunningServer,
} from '@ticketing/common';
import { createAccountDirectory, profileClaims, type AccountDirectory, type LoadTestUsersOptions } from './accounts.ts';
import {
  clientMetadataOf,
  clientPolicyOf,
  enabledClients,
  useKeycloakRedirectMatching,
  type ClientPolicy,
} from './clients.ts';
import type { IdentityConfig } from './config.ts';
import {
  keycloakAccessTokenClaims,
  realmApiResource,
  realmApiResourceServer,
  supportedScopes,
} from './keycloak-tokens.ts';
import { loginActionsPath, loginRoutes } from './login.ts';
import { createMemoryStore } from './memory-store.ts';
import { logoutPage, messagePage } from './pages.ts';
import { registerPasswordGrant } from './password-grant.ts';
import { loadRealmExport, type RealmExport } from './realm.ts';
import { generateSigningKey, publicJwksOf, type PrivateJwks, type PublicJwks } from './signing-keys.ts';
import { userinfoRoutes } from './userinfo.ts';

export interface IdentityProviderOptions {
  /** Public base URL, e.g. http://localhost:4005; the issuer is `<baseUrl>/realms/<realm>`. */
  baseUrl: string;
  /** The realm export to serve; identity/realm/ticketing-realm.json when absent. */
  realm?: RealmExport;
  /** Private JWKS; the first key signs, every key is published. Generated (RS256) when absent. */
  signingKeys?: PrivateJwks;
  loadTestUsers?: LoadTestUsersOptions;
  /** Keys signing the session and interaction cookies; random per start when absent. */
  cookieKeys?: string[];
  /** NODE_ENV; the provider refuses `production`. Defaults to process.env.NODE_ENV. */
  env?: string | undefined;
  logger?: Logger;
  metrics?: Metrics;
  /** Trust X-Forwarded-* headers (behind a proxy). */
  proxy?: boolean;
}

export interface IdentityProvider {
  issuer: string;
  realm: RealmExport;
  /** The Koa app: the realm's endpoints under /realms/<realm>, plus /health, /ready and /metrics. */
  app: Koa;
  provider: Provider;
  publicJwks: PublicJwks;
  accounts: AccountDirectory;
}

export class ProductionRefusedError extends Error {
  constructor() {
    super(
      'the development identity provider refuses to run with NODE_ENV=production: ' +
        'point services at Keycloak (identity/realm/ticketing-realm.json) instead',
    );
    this.name = 'ProductionRefusedError';
  }
}

export async function createIdentityProvider(options: IdentityProviderOptions): Promise<IdentityProvider> {
  // Its users, passwords and keys are public: it must never guard real tickets.
  if ((options.env ?? process.env.NODE_ENV) === 'production') throw new ProductionRefusedError();

  const realm = options.realm ?? loadRealmExport();
  if (!realm.enabled) throw new Error(`realm ${realm.realm} is disabled in its export`);
  const issuer = `${options.baseUrl.replace(/\/+$/, '')}/realms/${encodeURIComponent(realm.realm)}`;
  const realmPath = new URL(issuer).pathname;
  const signingKeys = options.signingKeys ?? { keys: [await generateSigningKey()] };
  const publicJwks = publicJwksOf(signingKeys);
  const cookieKeys = options.cookieKeys ?? [randomBytes(32).toString('base64url')];
  const accounts = createAccountDirectory(realm, options.loadTestUsers);

  const clients = enabledClients(realm);
  const policies = new Map<string, ClientPolicy>(clients.map((c) => [c.clientId, clientPolicyOf(c)]));
  const policyOf = (clientId: string): ClientPolicy => {
    const policy = policies.get(clientId);
    if (policy === undefined) throw new errors.InvalidClient('client is not in the realm');
    return policy;
  };
  const lifespan = realm.accessTokenLifespan;

  const configuration: Configuration = {
    adapter: createMemoryStore(),
    clients: clients.map(clientMetadataOf),
    jwks: signingKeys,
    cookies: { keys: cookieKeys },
    findAccount(_ctx, sub) {
      const account = accounts.findById(sub);
      return account === undefined
        ? undefined
        : { accountId: account.id, claims: () => ({ ...profileClaims(account), sub: account.id }) };
    },
    // Authorization code only: the realm enables no implicit or hybrid flow.
    responseTypes: ['code'],
    scopes: [...supportedScopes],
    claims: {
      openid: ['sub', 'realm_access'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Served by userinfo.ts: oidc-provider's refuses audience-bound access tokens.
      userinfo: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = logoutPage(form, ctx.host);
        },
        postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = messagePage('Signed out', 'You have signed out. You can close this window.');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => realmApiResource,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, indicator, client) {
          if (indicator !== realmApiResource) throw new errors.InvalidTarget('unknown resource indicator');
          return realmApiResourceServer(policyOf(client.clientId), lifespan);
        },
      },
    },
    discovery: { userinfo_endpoint: `${issuer}/protocol/openid-connect/userinfo` },
    formats: { customizers: { jwt: keycloakAccessTokenClaims(accounts) } },
    clientBasedCORS(_ctx, origin, client) {
      const origins = policies.get(client.clientId)?.webOrigins;
      return origins !== undefined && (origins.has(origin) || origins.has('*'));
    },
    pkce: { required: (_ctx, client) => policies.get(client.clientId)?.requirePkce ?? true },
    interactions: { url: (_ctx, interaction) => loginActionsPath(realmPath, interaction.uid) },
    // Keycloak gives every standard-flow client a refresh token, not only those asking for offline access.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    routes: {
      authorization: '/protocol/openid-connect/auth',
      token: '/protocol/openid-connect/token',
      jwks: '/protocol/openid-connect/certs',
      end_session: '/protocol/openid-connect/logout',
      pushed_authorization_request: '/protocol/openid-connect/ext/par/request',
      revocation: '/protocol/openid-connect/revoke',
      introspection: '/protocol/openid-connect/token/introspect',
      userinfo: '/protocol/openid-connect/userinfo',
    },
    ttl: {
      AccessToken: lifespan,
      ClientCredentials: lifespan,
      IdToken: lifespan,
      AuthorizationCode: 60,
      Interaction: 30 * 60,
      RefreshToken: realm.ssoSessionIdleTimeout,
      Session: realm.ssoSessionMaxLifespan,
      Grant: realm.ssoSessionMaxLifespan,
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = messagePage('Sign-in failed', String(out.error_description ?? out.error));
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = options.proxy ?? false;
  useKeycloakRedirectMatching(provider);
  registerPasswordGrant(provider, {
    directory: accounts,
    resourceServerFor: (clientId) => realmApiResourceServer(policyOf(clientId), lifespan),
  });

  const logger = options.logger ?? createLogger('identity', 'silent');
  const { app, router } = createApp({
    service: 'identity',
    logger,
    metrics: options.metrics ?? createMetrics('identity', { defaults: false }),
    proxy: options.proxy ?? false,
  });
  // Mounted, the provider signs its cookies with the hosting app's keys.
  app.keys = cookieKeys;
  const login = loginRoutes({
    provider,
    directory: accounts,
    realmPath,
    realmName: realm.displayName ?? realm.realm,
    clientNames: new Map(clients.map((c) => [c.clientId, policyOf(c.clientId).name])),
  });
  const userinfo = userinfoRoutes({
    realmPath,
    issuer,
    publicJwks,
    directory: accounts,
    allowedOrigins: new Set([...policies.values()].flatMap((p) => [...p.webOrigins])),
  });
  router.use(login.routes(), userinfo.routes());
  app.use(mount(realmPath, provider));

  return { issuer, realm, app, provider, publicJwks, accounts };
}

export interface StartOptions extends Omit<IdentityProviderOptions, 'baseUrl'> {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0: any free port, as tests want. */
  port?: number;
  /** Defaults to the address it listens on. */
  baseUrl?: string;
}

export interface RunningIdentityProvider extends IdentityProvider {
  /** Where it listens, e.g. http://127.0.0.1:41234. */
  url: string;
  close(): Promise<void>;
}

/**
 * Listens first, then builds the provider: the issuer contains the port,
 * and with port 0 the port is known only once the server listens. Tests of
 * other services start their own issuer this way.
 */
export async function startIdentityProvider(options: StartOptions = {}): Promise<RunningIdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  // No request handler until the provider exists; nobody knows a port-0 address before then anyway.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let identity: IdentityProvider;
  try {
    identity = await createIdentityProvider({ ...options, baseUrl: options.baseUrl ?? url });
  } catch (error) {
    await close();
    throw error;
  }
  const handle = identity.app.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res));
  return { ...identity, url, close };
}

export interface RunningIdentity {
  identity: IdentityProvider;
  server: RunningServer;
}

/** The process: the provider as configured, on IDENTITY_HOST:IDENTITY_PORT. */
export async function startIdentity(config: IdentityConfig, logger: Logger): Promise<RunningIdentity> {
  const identity = await createIdentityProvider({
    baseUrl: config.IDENTITY_BASE_URL,
    realm: loadRealmExport(config.IDENTITY_REALM_FILE),
    ...(config.IDENTITY_SIGNING_KEYS === undefined ? {} : { signingKeys: config.IDENTITY_SIGNING_KEYS }),
    cookieKeys: config.IDENTITY_COOKIE_KEYS.split(',').filter(Boolean),
    loadTestUsers: {
      enabled: config.IDENTITY_LOADTEST_USERS,
      password: config.IDENTITY_LOADTEST_PASSWORD,
      count: config.IDENTITY_LOADTEST_COUNT,
    },
    env: config.NODE_ENV,
    logger,
    metrics: createMetrics('identity'),
    proxy: config.IDENTITY_TRUST_PROXY,
  });
  const server = await listen(identity.app, config.IDENTITY_PORT, config.IDENTITY_HOST);
  return { identity, server };
}
