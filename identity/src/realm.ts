import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The part of a Keycloak realm export the development provider reads. The
 * export is the one source of truth for roles, clients and users: Keycloak
 * imports the same file with `--import-realm`, so both issuers agree.
 */

export const defaultRealmFile = fileURLToPath(new URL('../realm/ticketing-realm.json', import.meta.url));

const roleSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  composite: z.boolean().default(false),
  composites: z.object({ realm: z.array(z.string()).default([]) }).optional(),
});

const protocolMapperSchema = z.object({
  name: z.string(),
  protocol: z.string().default('openid-connect'),
  protocolMapper: z.string(),
  config: z.record(z.string(), z.string()).default({}),
});

// Defaults are Keycloak's own for a client whose export leaves the field out.
const clientSchema = z.object({
  clientId: z.string().min(1),
  name: z.string().optional(),
  enabled: z.boolean().default(true),
  publicClient: z.boolean().default(false),
  secret: z.string().optional(),
  standardFlowEnabled: z.boolean().default(true),
  implicitFlowEnabled: z.boolean().default(false),
  directAccessGrantsEnabled: z.boolean().default(false),
  serviceAccountsEnabled: z.boolean().default(false),
  redirectUris: z.array(z.string()).default([]),
  webOrigins: z.array(z.string()).default([]),
  attributes: z.record(z.string(), z.string()).default({}),
  protocolMappers: z.array(protocolMapperSchema).default([]),
});

const credentialSchema = z.object({
  type: z.string(),
  value: z.string().optional(),
  temporary: z.boolean().default(false),
});

const userSchema = z.object({
  id: z.uuid(),
  username: z.string().min(1),
  enabled: z.boolean().default(true),
  email: z.email().optional(),
  emailVerified: z.boolean().default(false),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  credentials: z.array(credentialSchema).default([]),
  realmRoles: z.array(z.string()).default([]),
  serviceAccountClientId: z.string().optional(),
});

export const realmExportSchema = z.object({
  realm: z.string().min(1),
  displayName: z.string().optional(),
  enabled: z.boolean(),
  accessTokenLifespan: z.number().int().positive().default(300),
  ssoSessionIdleTimeout: z.number().int().positive().default(1800),
  ssoSessionMaxLifespan: z.number().int().positive().default(36000),
  roles: z.object({ realm: z.array(roleSchema).default([]) }).default({ realm: [] }),
  clients: z.array(clientSchema).default([]),
  users: z.array(userSchema).default([]),
});

export type RealmExport = z.infer<typeof realmExportSchema>;
export type RealmClient = RealmExport['clients'][number];
export type RealmUser = RealmExport['users'][number];

/** Parses a realm export and checks what Keycloak's import would refuse. */
export function parseRealmExport(input: unknown): RealmExport {
  const realm = realmExportSchema.parse(input);
  const roles = new Set(realm.roles.realm.map((r) => r.name));
  const problems: string[] = [];
  for (const user of realm.users) {
    for (const role of user.realmRoles) {
      if (!roles.has(role)) problems.push(`user ${user.username} has unknown realm role ${role}`);
    }
  }
  for (const role of realm.roles.realm) {
    for (const member of role.composites?.realm ?? []) {
      if (!roles.has(member)) problems.push(`role ${role.name} includes unknown realm role ${member}`);
    }
  }
  const clientIds = realm.clients.map((c) => c.clientId);
  for (const user of realm.users) {
    if (user.serviceAccountClientId !== undefined && !clientIds.includes(user.serviceAccountClientId)) {
      problems.push(`service account ${user.username} belongs to unknown client ${user.serviceAccountClientId}`);
    }
  }
  if (new Set(clientIds).size !== clientIds.length) problems.push('client ids are not unique');
  const usernames = realm.users.map((u) => u.username.toLowerCase());
  if (new Set(usernames).size !== usernames.length) problems.push('usernames are not unique');
  if (problems.length > 0) throw new Error(`invalid realm export ${realm.realm}:\n  ${problems.join('\n  ')}`);
  return realm;
}

export function loadRealmExport(file: string = defaultRealmFile): RealmExport {
  return parseRealmExport(JSON.parse(readFileSync(file, 'utf8')) as unknown);
}

/** A user's realm roles with composite roles expanded, as Keycloak puts them in `realm_access`. */
export function effectiveRealmRoles(realm: RealmExport, direct: readonly string[]): string[] {
  const byName = new Map(realm.roles.realm.map((r) => [r.name, r]));
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const member of byName.get(name)?.composites?.realm ?? []) visit(member);
  };
  direct.forEach(visit);
  return [...seen];
}
