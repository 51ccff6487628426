import type { AstroCookies } from 'astro';
import { signInPath } from '../auth/return-to.ts';
import { currentSession, type FanSession } from '../session/session.ts';
import { hasRole } from '../session/roles.ts';

export type DeskAccess = { kind: 'allowed' } | { kind: 'sign_in'; path: string } | { kind: 'not_allowed' };

/**
 * Who may open a back-office page: signed out goes to sign-in and comes
 * back; signed in without the role is told so in words (403). The APIs
 * behind the page check the role again.
 */
export async function deskAccess(
  context: { cookies: AstroCookies; locals: { session: FanSession | undefined }; url: URL },
  role: 'admin' | 'gate',
): Promise<DeskAccess> {
  const session = await currentSession(context.cookies, context.locals.session);
  context.locals.session = session;
  if (!session) return { kind: 'sign_in', path: signInPath(`${context.url.pathname}${context.url.search}`) };
  return hasRole(session, role) ? { kind: 'allowed' } : { kind: 'not_allowed' };
}
