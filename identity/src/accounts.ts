import { createHash, timingSafeEqual } from 'node:crypto';
import { effectiveRealmRoles, type RealmExport } from './realm.ts';
import {
  loadTestEmail,
  loadTestRole,
  loadTestUserId,
  loadTestUsername,
  parseLoadTestUserId,
  parseLoadTestUsername,
} from './load-test-users.ts';

export interface UserAccount {
  /** The stable subject (`sub`) of the user's tokens. */
  id: string;
  username: string;
  email: string | undefined;
  emailVerified: boolean;
  firstName: string | undefined;
  lastName: string | undefined;
  /** Effective realm roles, composites expanded. */
  roles: readonly string[];
}

export interface LoadTestUsersOptions {
  enabled: boolean;
  /** The one password every load-test user signs in with. */
  password: string;
  /** How many users exist: loadtest-00001 … loadtest-<count>. */
  count: number;
}

export interface AccountDirectory {
  /** The account for these credentials, or undefined (unknown user, wrong password, disabled). */
  authenticate(usernameOrEmail: string, password: string): UserAccount | undefined;
  findById(id: string): UserAccount | undefined;
  /** The service-account user Keycloak keeps for a client with service accounts enabled. */
  serviceAccountFor(clientId: string): UserAccount | undefined;
}

interface StoredUser {
  account: UserAccount;
  // A digest, so every comparison is over equal lengths and takes the same time.
  passwordDigest: Buffer | undefined;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Realm users and, when enabled, generated load-test users. Passwords are
 * compared as SHA-256 digests in constant time: benchmarks sign in thousands
 * of users a second, and this directory only ever serves development data.
 */
export function createAccountDirectory(
  realm: RealmExport,
  loadTest: LoadTestUsersOptions = { enabled: false, password: '', count: 0 },
): AccountDirectory {
  const byId = new Map<string, StoredUser>();
  const byLogin = new Map<string, StoredUser>();
  const serviceAccounts = new Map<string, UserAccount>();

  for (const user of realm.users) {
    if (!user.enabled) continue;
    const account: UserAccount = {
      id: user.id,
      username: user.username.toLowerCase(),
      email: user.email?.toLowerCase(),
      emailVerified: user.emailVerified,
      firstName: user.firstName,
      lastName: user.lastName,
      roles: effectiveRealmRoles(realm, user.realmRoles),
    };
    const password = user.credentials.find((c) => c.type === 'password' && c.value !== undefined)?.value;
    const stored: StoredUser = { account, passwordDigest: password === undefined ? undefined : digest(password) };
    byId.set(account.id, stored);
    if (user.serviceAccountClientId !== undefined) {
      // Service accounts have no password and never sign in; they only name a client's own tokens.
      serviceAccounts.set(user.serviceAccountClientId, account);
      continue;
    }
    byLogin.set(account.username, stored);
    if (account.email !== undefined) byLogin.set(account.email, stored);
  }

  const loadTestDigest = loadTest.enabled ? digest(loadTest.password) : undefined;
  const loadTestAccount = (n: number): UserAccount | undefined =>
    loadTest.enabled && n <= loadTest.count
      ? {
          id: loadTestUserId(n),
          username: loadTestUsername(n),
          email: loadTestEmail(n),
          emailVerified: true,
          firstName: 'Load',
          lastName: `Test ${n}`,
          roles: [loadTestRole],
        }
      : undefined;

  const lookup = (login: string): StoredUser | undefined => {
    const key = login.trim().toLowerCase();
    const stored = byLogin.get(key);
    if (stored !== undefined) return stored;
    const local = key.endsWith('@loadtest.test') ? key.slice(0, -'@loadtest.test'.length) : key;
    const n = parseLoadTestUsername(local);
    const account = n === undefined ? undefined : loadTestAccount(n);
    return account === undefined ? undefined : { account, passwordDigest: loadTestDigest };
  };

  return {
    authenticate(usernameOrEmail, password) {
      const stored = lookup(usernameOrEmail);
      if (stored?.passwordDigest === undefined) return undefined;
      return timingSafeEqual(digest(password), stored.passwordDigest) ? stored.account : undefined;
    },
    findById(id) {
      const stored = byId.get(id);
      if (stored !== undefined) return stored.account;
      const n = parseLoadTestUserId(id);
      return n === undefined ? undefined : loadTestAccount(n);
    },
    serviceAccountFor(clientId) {
      return serviceAccounts.get(clientId);
    },
  };
}

/** The profile claims Keycloak's default client scopes (profile, email, roles) put in tokens. */
export function profileClaims(account: UserAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  const claims: Record<string, unknown> = {
    sub: account.id,
    preferred_username: account.username,
    email: account.email,
    email_verified: account.email === undefined ? undefined : account.emailVerified,
    name: name === '' ? undefined : name,
    given_name: account.firstName,
    family_name: account.lastName,
    realm_access: { roles: [...account.roles] },
  };
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
}
