import { createLogger } from '@ticketing/common';
import {
  createBookingTestDatabase,
  startTestIdentity,
  type BookingTestDatabase,
  type TestIdentity,
} from '@ticketing/booking/testing';
import { startAdmin, type RunningAdmin } from '../composition.ts';
import { parseAdminConfig } from '../config.ts';

/**
 * An admin API for one test file: its own database with booking's schema
 * (rows arranged and inspected through booking's testing entry), its own
 * identity keys, the real app on a loopback port 0.
 */
export interface AdminTestApp {
  url: string;
  booking: BookingTestDatabase;
  identity: TestIdentity;
  admin: RunningAdmin;
  close(): Promise<void>;
}

export async function startAdminTestApp(label: string, env: Record<string, string> = {}): Promise<AdminTestApp> {
  const booking = await createBookingTestDatabase(label);
  const identity = await startTestIdentity();
  const config = parseAdminConfig({
    NODE_ENV: 'test',
    ADMIN_PORT: '0',
    DATABASE_URL: booking.url,
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
  return {
    url: admin.server.url,
    booking,
    identity,
    admin,
    async close() {
      await admin.close();
      await identity.close();
      await booking.close();
    },
  };
}

export interface Answer {
  status: number;
  /** The parsed JSON answer; empty for an answer that is not JSON (see `text`). */
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
}

export interface CallOptions {
  /** Who calls: a user id and their roles; null for no token. */
  as?: { user: string; roles: string[] } | null;
  body?: unknown;
  /** Sent as it is (a CSV file), with the content type the test gives in `headers`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export const organizer = (user = 'organizer-1') => ({ user, roles: ['organizer'] });
export const admin = (user = 'admin-1') => ({ user, roles: ['admin'] });
export const fan = (user = 'fan-1') => ({ user, roles: ['fan'] });
export const gate = (user = 'gate-1') => ({ user, roles: ['gate'] });

/** Calls the API with a real access token minted by the test identity. */
export function adminClient(app: AdminTestApp) {
  return async (method: string, path: string, options: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    const as = options.as === undefined ? organizer() : options.as;
    if (as !== null) {
      headers.authorization = `Bearer ${await app.identity.accessToken(as.user, { roles: as.roles })}`;
    }
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${app.url}${path}`, { method, headers, body });
    const text = await response.text();
    const json = text !== '' && /json/.test(response.headers.get('content-type') ?? '');
    return {
      status: response.status,
      body: json ? (JSON.parse(text) as Record<string, unknown>) : {},
      text,
      headers: response.headers,
    };
  };
}
