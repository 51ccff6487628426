import { signInPath } from '../auth/return-to.ts';
import { isOrganizer } from '../auth/roles.ts';
import type { FanSession } from '../session/session.ts';

/** Who may see an organizer page: signed out goes to sign in, a fan gets the "not allowed" page. */
export type OrganizerAccess = { kind: 'sign_in'; to: string } | { kind: 'not_allowed' } | { kind: 'ok' };

export function organizerAccess(session: FanSession | undefined, here: string): OrganizerAccess {
  if (!session) return { kind: 'sign_in', to: signInPath(here) };
  return isOrganizer(session.accessToken) ? { kind: 'ok' } : { kind: 'not_allowed' };
}
