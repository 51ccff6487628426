import { decodeJwt } from 'jose';
import type { FanSession } from './session.ts';

/**
 * The realm roles the signed-in person's access token carries. Read, not
 * verified: it only decides which page to show. Every API behind the page
 * verifies the token and checks the role itself.
 */
export function sessionRoles(session: FanSession | undefined): string[] {
  if (!session) return [];
  try {
    const roles = (decodeJwt(session.accessToken).realm_access as { roles?: unknown } | undefined)?.roles;
    return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

export function hasRole(session: FanSession | undefined, role: string): boolean {
  return sessionRoles(session).includes(role);
}
