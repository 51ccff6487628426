import { UnsecuredJWT } from 'jose';
import { hasRole, sessionRoles } from './roles.ts';
import type { FanSession } from './session.ts';

const sessionWith = (claims: Record<string, unknown>): FanSession => ({
  sub: 'someone',
  name: 'Someone',
  email: undefined,
  refreshToken: undefined,
  accessToken: new UnsecuredJWT(claims).encode(),
  accessExpiresAt: Math.floor(Date.now() / 1000) + 300,
});

test('the realm roles come from the access token', () => {
  const session = sessionWith({ realm_access: { roles: ['admin', 'organizer', 7] } });
  expect(sessionRoles(session)).toEqual(['admin', 'organizer']);
  expect(hasRole(session, 'admin')).toBe(true);
  expect(hasRole(session, 'gate')).toBe(false);
});

test('no session, no roles claim or a token that is not a JWT: no roles', () => {
  expect(sessionRoles(undefined)).toEqual([]);
  expect(sessionRoles(sessionWith({}))).toEqual([]);
  expect(sessionRoles({ ...sessionWith({}), accessToken: 'opaque' })).toEqual([]);
});
