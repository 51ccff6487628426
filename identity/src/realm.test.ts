import { readFileSync } from 'node:fs';
import { defaultRealmFile, loadRealmExport, parseRealmExport } from './realm.ts';

interface RawClient {
  clientId: string;
  publicClient?: boolean;
  standardFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  serviceAccountsEnabled?: boolean;
  secret?: string;
  redirectUris?: string[];
  webOrigins?: string[];
  attributes?: Record<string, string>;
  protocolMappers?: { protocolMapper: string; config: Record<string, string> }[];
}

interface RawUser {
  id: string;
  username: string;
  email?: string;
  emailVerified?: boolean;
  firstName?: string;
  lastName?: string;
  enabled?: boolean;
  credentials?: { type: string; value: string; temporary: boolean }[];
  realmRoles?: string[];
  serviceAccountClientId?: string;
}

// The raw file, as Keycloak's --import-realm reads it, not the provider's parsed view.
const raw = JSON.parse(readFileSync(defaultRealmFile, 'utf8')) as {
  realm: string;
  enabled: boolean;
  roles: { realm: { name: string }[] };
  clients: RawClient[];
  users: RawUser[];
};

const client = (id: string): RawClient => {
  const found = raw.clients.find((c) => c.clientId === id);
  if (found === undefined) throw new Error(`client ${id} missing`);
  return found;
};
const user = (username: string): RawUser => {
  const found = raw.users.find((u) => u.username === username);
  if (found === undefined) throw new Error(`user ${username} missing`);
  return found;
};

describe('the ticketing realm export', () => {
  it('is an enabled realm named ticketing with the four roles', () => {
    expect(raw.realm).toBe('ticketing');
    expect(raw.enabled).toBe(true);
    expect(raw.roles.realm.map((r) => r.name).sort()).toEqual(['admin', 'fan', 'gate', 'organizer']);
  });

  it('has a public storefront client using authorization code with S256 PKCE only', () => {
    const storefront = client('storefront');
    expect(storefront.publicClient).toBe(true);
    expect(storefront.standardFlowEnabled).toBe(true);
    expect(storefront.directAccessGrantsEnabled).toBe(false);
    expect(storefront.attributes?.['pkce.code.challenge.method']).toBe('S256');
    expect(storefront.redirectUris).toEqual(['http://localhost:4321/*']);
    expect(storefront.webOrigins).toEqual(['http://localhost:4321']);
  });

  it('has a confidential services client with a service account', () => {
    const services = client('services');
    expect(services.publicClient).toBe(false);
    expect(services.serviceAccountsEnabled).toBe(true);
    expect(services.secret).toBe('services-dev-secret');
    expect(raw.users.find((u) => u.serviceAccountClientId === 'services')).toBeDefined();
  });

  it('has a public loadtest client allowed direct access grants', () => {
    const loadtest = client('loadtest');
    expect(loadtest.publicClient).toBe(true);
    expect(loadtest.directAccessGrantsEnabled).toBe(true);
    expect(loadtest.standardFlowEnabled).toBe(false);
  });

  it.each(['storefront', 'services', 'loadtest'])('gives %s access tokens the ticketing-api audience', (id) => {
    const mappers = client(id).protocolMappers ?? [];
    const audience = mappers.find((m) => m.protocolMapper === 'oidc-audience-mapper');
    expect(audience?.config['included.custom.audience']).toBe('ticketing-api');
    expect(audience?.config['access.token.claim']).toBe('true');
  });

  it.each([
    ['fan', ['fan']],
    ['fan2', ['fan']],
    ['organizer', ['organizer']],
    ['admin', ['admin', 'organizer']],
    ['gate', ['gate']],
  ])('has demo user %s with a fixed id, a profile, a permanent password and roles %j', (username, roles) => {
    const demo = user(username);
    expect(demo.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(demo.enabled).toBe(true);
    expect(demo.email).toBe(`${username}@demo.test`);
    expect(demo.emailVerified).toBe(true);
    expect(demo.firstName).toEqual(expect.any(String));
    expect(demo.lastName).toEqual(expect.any(String));
    expect(demo.credentials).toEqual([{ type: 'password', value: username, temporary: false }]);
    expect([...(demo.realmRoles ?? [])].sort()).toEqual([...roles].sort());
  });

  it('gives every user a distinct id', () => {
    const ids = raw.users.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('parses into the provider view', () => {
    const realm = loadRealmExport();
    expect(realm.accessTokenLifespan).toBeGreaterThan(0);
    expect(realm.users).toHaveLength(raw.users.length);
  });

  it('is refused when a user names a role the realm does not define', () => {
    const broken = { ...raw, users: [{ ...user('fan'), realmRoles: ['superuser'] }] };
    expect(() => parseRealmExport(broken)).toThrow(/unknown realm role superuser/);
  });
});
