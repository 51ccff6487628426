/**
 * The realm roles an access token carries, read without checking its
 * signature: only to choose which page to show. Every API the site calls
 * checks the token itself, so a forged claim gets a page and no data.
 */
export function rolesOf(accessToken: string | undefined): string[] {
  const payload = accessToken?.split('.')[1];
  if (!payload) return [];
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      realm_access?: { roles?: unknown };
    };
    const roles = claims.realm_access?.roles;
    return Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [];
  } catch {
    return [];
  }
}

export function isOrganizer(accessToken: string | undefined): boolean {
  const roles = rolesOf(accessToken);
  return roles.includes('organizer') || roles.includes('admin');
}
