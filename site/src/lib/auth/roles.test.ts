import { isOrganizer, rolesOf } from './roles.ts';

const token = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

describe('roles from an access token', () => {
  it('reads the realm roles', () => {
    expect(rolesOf(token({ realm_access: { roles: ['organizer', 7] } }))).toEqual(['organizer']);
  });
  it('lets organizers and admins in, not fans', () => {
    expect(isOrganizer(token({ realm_access: { roles: ['organizer'] } }))).toBe(true);
    expect(isOrganizer(token({ realm_access: { roles: ['admin'] } }))).toBe(true);
    expect(isOrganizer(token({ realm_access: { roles: ['fan'] } }))).toBe(false);
  });
  it('treats a malformed token as no roles', () => {
    expect(rolesOf('nonsense')).toEqual([]);
    expect(rolesOf('a.%%%.b')).toEqual([]);
    expect(rolesOf(undefined)).toEqual([]);
  });
});
