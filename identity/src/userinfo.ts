import Router from '@koa/router';
import type { Context } from 'koa';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { profileClaims, type AccountDirectory } from './accounts.ts';
import { readFormBody } from './form-body.ts';
import type { PublicJwks } from './signing-keys.ts';

export interface UserinfoOptions {
  realmPath: string;
  issuer: string;
  publicJwks: PublicJwks;
  directory: AccountDirectory;
  /** Browser origins of the realm's clients (their web origins); `*` allows any. */
  allowedOrigins: ReadonlySet<string>;
}

/**
 * Keycloak's userinfo endpoint. oidc-provider's own refuses access tokens
 * that carry an audience, and every token here carries one (`ticketing-api`),
 * as Keycloak's do; so userinfo is served here, from the same keys and users.
 */
export function userinfoRoutes(options: UserinfoOptions): Router {
  const router = new Router({ prefix: `${options.realmPath}/protocol/openid-connect` });
  const keys = createLocalJWKSet(options.publicJwks);

  const cors = (ctx: Context): void => {
    const origin = ctx.get('Origin');
    if (origin !== '' && (options.allowedOrigins.has(origin) || options.allowedOrigins.has('*'))) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Vary', 'Origin');
      ctx.set('Access-Control-Expose-Headers', 'WWW-Authenticate');
    }
  };

  const refuse = (ctx: Context, description: string, error?: string) => {
    ctx.status = 401;
    const code = error === undefined ? '' : `, error="${error}"`;
    ctx.set('WWW-Authenticate', `Bearer realm="${options.issuer}"${code}`);
    ctx.body = { error: error ?? 'invalid_request', error_description: description };
  };

  const answer = async (ctx: Context, token: string | undefined) => {
    cors(ctx);
    ctx.set('Cache-Control', 'no-store');
    if (token === undefined || token === '') return refuse(ctx, 'Missing access token');
    let subject: string | undefined;
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: options.issuer, requiredClaims: ['sub', 'exp'] });
      // Only access tokens open userinfo; ID tokens are signed by the same keys.
      if (payload.typ !== 'Bearer') return refuse(ctx, 'Not an access token', 'invalid_token');
      subject = payload.sub;
    } catch {
      return refuse(ctx, 'Invalid or expired access token', 'invalid_token');
    }
    const account = subject === undefined ? undefined : options.directory.findById(subject);
    if (account === undefined) return refuse(ctx, 'The token user no longer exists', 'invalid_token');
    ctx.body = profileClaims(account);
  };

  router.get('/userinfo', (ctx) => answer(ctx, bearer(ctx)));
  router.post('/userinfo', async (ctx) => {
    const fromHeader = bearer(ctx);
    // RFC 6750 §2.2 allows the token as a form field instead of the header.
    const token =
      fromHeader ?? (ctx.request.length ? ((await readFormBody(ctx)).get('access_token') ?? undefined) : undefined);
    await answer(ctx, token);
  });
  router.options('/userinfo', (ctx) => {
    cors(ctx);
    ctx.set('Access-Control-Allow-Methods', 'GET, POST');
    ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    ctx.set('Access-Control-Max-Age', '3600');
    ctx.status = 204;
  });
  return router;
}

function bearer(ctx: Context): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'));
  return match?.[1];
}
