import Router from '@koa/router';
import type { Context } from 'koa';
import { errors, type Interaction, type InteractionResults, type Provider } from 'oidc-provider';
import type { AccountDirectory } from './accounts.ts';
import { readFormBody } from './form-body.ts';
import { loginPage, messagePage } from './pages.ts';

export interface LoginRoutesOptions {
  provider: Provider;
  directory: AccountDirectory;
  /** The path the realm is served under, e.g. /realms/ticketing. */
  realmPath: string;
  realmName: string;
  clientNames: ReadonlyMap<string, string>;
}

/** Where oidc-provider sends a browser that must sign in: Keycloak's login-actions path. */
export function loginActionsPath(realmPath: string, uid: string): string {
  return `${realmPath}/login-actions/${encodeURIComponent(uid)}`;
}

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

/**
 * The interaction pages: a username and password form for the `login`
 * prompt. Every realm client is first-party, so the `consent` prompt is
 * granted without asking, as Keycloak does for clients without consent.
 */
export function loginRoutes(options: LoginRoutesOptions): Router {
  const { provider, directory } = options;
  const router = new Router({ prefix: `${options.realmPath}/login-actions` });

  const finish = async (ctx: Context, result: InteractionResults) => {
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(returnTo);
  };

  const render = (ctx: Context, details: Interaction, username?: string, error?: string) => {
    const clientId = clientIdOf(details);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'html';
    ctx.body = loginPage({
      action: loginActionsPath(options.realmPath, details.uid),
      realmName: options.realmName,
      clientName: options.clientNames.get(clientId) ?? clientId,
      ...(username === undefined ? {} : { username }),
      ...(error === undefined ? {} : { error }),
    });
  };

  const grantConsent = async (details: Interaction): Promise<string> => {
    const accountId = details.session?.accountId;
    if (accountId === undefined) throw new errors.SessionNotFound('interaction has no signed-in account');
    const existing = details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId);
    const grant = existing ?? new provider.Grant({ accountId, clientId: clientIdOf(details) });
    const missing = details.prompt.details as ConsentDetails;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    return grant.save();
  };

  router.get('/:uid', async (ctx) => {
    const details = await interactionOf(ctx, provider, ctx.params.uid);
    if (details === undefined) return;
    if (details.prompt.name === 'login') {
      render(ctx, details);
      return;
    }
    await finish(ctx, { consent: { grantId: await grantConsent(details) } });
  });

  router.post('/:uid', async (ctx) => {
    const details = await interactionOf(ctx, provider, ctx.params.uid);
    if (details === undefined) return;
    if (details.prompt.name !== 'login') {
      ctx.redirect(loginActionsPath(options.realmPath, details.uid));
      return;
    }
    const form = await readFormBody(ctx);
    if (form.get('action') === 'cancel') {
      await finish(ctx, { error: 'access_denied', error_description: 'The user cancelled sign-in' });
      return;
    }
    const username = form.get('username') ?? '';
    const account = directory.authenticate(username, form.get('password') ?? '');
    if (account === undefined) {
      render(ctx, details, username, 'Invalid username or password.');
      return;
    }
    await finish(ctx, { login: { accountId: account.id } });
  });

  return router;
}

/** The interaction this browser is in, or an explanatory page when it has expired or is another one. */
async function interactionOf(
  ctx: Context,
  provider: Provider,
  uid: string | undefined,
): Promise<Interaction | undefined> {
  let details: Interaction | undefined;
  try {
    details = await provider.interactionDetails(ctx.req, ctx.res);
  } catch (error) {
    // No interaction cookie, or its interaction expired.
    if (!(error instanceof errors.SessionNotFound)) throw error;
  }
  if (details === undefined || details.uid !== uid) {
    ctx.status = 400;
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'html';
    ctx.body = messagePage(
      'Sign-in expired',
      'This sign-in page is no longer valid. Go back to the application and sign in again.',
    );
    return undefined;
  }
  return details;
}

function clientIdOf(details: Interaction): string {
  const clientId = details.params.client_id;
  return typeof clientId === 'string' ? clientId : '';
}
