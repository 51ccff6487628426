import type { EntityManager } from '@mikro-orm/postgresql';
import { createLogger } from '@ticketing/common';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing/database';
import { migrate } from '@ticketing/booking/db/orm';
import { startTestIdentity, type TestIdentity } from '@ticketing/booking/testing/identity';
import { startAdmin, type RunningAdmin } from '../app.ts';
import { parseAdminConfig } from '../config.ts';

/**
 * An admin API for one test file: its own database with booking's schema,
 * its own identity keys, the real app on a loopback port 0.
 */
export interface AdminTestApp {
  url: string;
  db: TestDatabase;
  identity: TestIdentity;
  admin: RunningAdmin;
  /** A fresh entity manager for arranging and inspecting rows. */
  em(): EntityManager;
  close(): Promise<void>;
}

export async function startAdminTestApp(label: string, env: Record<string, string> = {}): Promise<AdminTestApp> {
  const db = await createTestDatabase(label);
  const identity = await startTestIdentity();
  const config = parseAdminConfig({
    NODE_ENV: 'test',
    ADMIN_PORT: '0',
    DATABASE_URL: db.url,
    OIDC_ISSUER: identity.issuer,
    OIDC_AUDIENCE: identity.audience,
    OIDC_JWKS_URL: identity.jwksUri,
    ...env,
  });
  const admin = await startAdmin(config, createLogger(`admin-${label}`, 'silent'), {
    host: '127.0.0.1',
    authenticator: identity.authenticator,
    defaultMetrics: false,
  });
  await migrate(admin.orm);
  return {
    url: admin.server.url,
    db,
    identity,
    admin,
    em: () => admin.orm.em.fork(),
    async close() {
      await admin.close();
      await identity.close();
      await db.drop();
    },
  };
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export interface CallOptions {
  /** Who calls: a user id and their roles; null for no token. */
  as?: { user: string; roles: string[] } | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export const organizer = (user = 'organizer-1') => ({ user, roles: ['organizer'] });
export const admin = (user = 'admin-1') => ({ user, roles: ['admin'] });
export const fan = (user = 'fan-1') => ({ user, roles: ['fan'] });

/** Calls the API with a real access token minted by the test identity. */
export function adminClient(app: AdminTestApp) {
  return async (method: string, path: string, options: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    const as = options.as === undefined ? organizer() : options.as;
    if (as !== null) {
      headers.authorization = `Bearer ${await app.identity.accessToken(as.user, { roles: as.roles })}`;
    }
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${app.url}${path}`, { method, headers, body });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      headers: response.headers,
    };
  };
}

export interface DropTables {
  drops: Array<Record<string, unknown>>;
  outbox: number;
  audit: number;
}

/** Everything a refused request must leave exactly as it was. */
export async function dropTables(em: EntityManager): Promise<DropTables> {
  const drops = await em.execute<Array<Record<string, unknown>>>('SELECT * FROM drops ORDER BY id');
  const [counts] = await em.execute<Array<{ outbox: number; audit: number }>>(
    'SELECT (SELECT count(*)::int FROM outbox) AS outbox, (SELECT count(*)::int FROM audit_log) AS audit',
  );
  return { drops, outbox: counts?.outbox ?? -1, audit: counts?.audit ?? -1 };
}
