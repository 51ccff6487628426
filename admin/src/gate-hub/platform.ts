import { importTicketPublicKeys, type TicketVerificationKey } from '@ticketing/common';
import {
  offlineUploadReport,
  scanAnswer,
  signedGateList,
  type OfflineScan,
  type OfflineUploadReport,
  type ScanAnswer,
  type ScanInput,
  type SignedGateList,
} from '@ticketing/common/contracts/gate';
import type { z } from 'zod';
import { gateKeys } from '../gate/schema.ts';

/**
 * The hub's calls to the platform's gate API, with the hub's own access
 * token (role gate). Any failure (no network, a timeout, an error status, an
 * answer of the wrong shape) is a `PlatformUnavailable`: the hub then
 * decides on its own, which is the point of having one.
 */
export class PlatformUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlatformUnavailable';
  }
}

export type TokenSource = () => Promise<string>;

export interface PlatformClient {
  keys(): Promise<{ jwks: z.output<typeof gateKeys>['keys']; keys: TicketVerificationKey[] }>;
  list(since: string | null): Promise<SignedGateList>;
  scan(input: ScanInput): Promise<ScanAnswer>;
  upload(scans: OfflineScan[]): Promise<OfflineUploadReport>;
}

export function createPlatformClient(options: {
  baseUrl: string;
  eventId: string;
  token: TokenSource;
  timeoutMs: number;
}): PlatformClient {
  const request = async <S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.output<S>> => {
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await options.token()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw new PlatformUnavailable(`${method} ${path}: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text().catch(() => '');
    if (response.status !== 200) throw new PlatformUnavailable(`${method} ${path}: ${response.status} ${text}`);
    const parsed = schema.safeParse(JSON.parse(text || 'null'));
    if (!parsed.success) throw new PlatformUnavailable(`${method} ${path}: an answer of the wrong shape`);
    return parsed.data;
  };
  const event = encodeURIComponent(options.eventId);
  return {
    async keys() {
      const answer = await request('GET', '/gate/keys', gateKeys);
      return { jwks: answer.keys, keys: importTicketPublicKeys(answer.keys) };
    },
    list: (since) =>
      request('GET', `/gate/events/${event}/list${since === null ? '' : `?since=${since}`}`, signedGateList),
    scan: (input) => request('POST', '/scans', scanAnswer, input),
    upload: (scans) => request('POST', '/gate/scans/offline', offlineUploadReport, { eventId: options.eventId, scans }),
  };
}

/**
 * The hub's access token: a fixed one (GATE_HUB_TOKEN), or one from the
 * identity provider by the password grant of a gate account, fetched again
 * shortly before it expires. Keycloak and the development provider both
 * offer the grant to a client with direct access grants.
 */
export function passwordGrantToken(options: {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  username: string;
  password: string;
  timeoutMs: number;
}): TokenSource {
  let cached: { token: string; until: number } | undefined;
  return async () => {
    if (cached && Date.now() < cached.until) return cached.token;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const form = new URLSearchParams({
      grant_type: 'password',
      username: options.username,
      password: options.password,
    });
    if (options.clientSecret) {
      headers.authorization = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
    } else {
      form.set('client_id', options.clientId);
    }
    let response: Response;
    try {
      response = await fetch(`${options.issuer}/protocol/openid-connect/token`, {
        method: 'POST',
        headers,
        body: form,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw new PlatformUnavailable(`the identity provider: ${(error as Error).message}`, { cause: error });
    }
    const answer = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
    if (response.status !== 200 || !answer.access_token) {
      throw new PlatformUnavailable(`the identity provider refused the hub's sign-in: ${response.status}`);
    }
    // A minute of margin, so a token never expires on its way to the platform.
    cached = { token: answer.access_token, until: Date.now() + Math.max(0, (answer.expires_in ?? 60) - 60) * 1000 };
    return cached.token;
  };
}
