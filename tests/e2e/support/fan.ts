import { request } from 'node:http';
import { passwordGrant } from '@ticketing/identity';

/** A demo user signed in at the identity provider, as the site would sign them in. */
export interface SignedInFan {
  username: string;
  /** The token's subject: the user id every service knows the fan by. */
  id: string;
  email: string;
  accessToken: string;
}

export interface Answer<B = Record<string, unknown>> {
  status: number;
  body: B;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The password grant (Keycloak's direct access grant) through the realm's
 * public load-test client; demo users' passwords are their usernames.
 */
export async function signIn(issuer: string, username: string): Promise<SignedInFan> {
  const { access_token: accessToken } = await passwordGrant({
    issuer,
    clientId: 'loadtest',
    username,
    password: username,
  });
  const claims = payloadOf(accessToken);
  if (typeof claims.sub !== 'string' || typeof claims.email !== 'string') {
    throw new Error(`the access token of ${username} names no subject or email`);
  }
  return { username, id: claims.sub, email: claims.email, accessToken };
}

/**
 * One JSON request to a service: status, parsed body (empty object when
 * there is none) and headers. Each request has its own connection, closed
 * with the answer, so no idle keep-alive socket outlives the test and holds
 * up a service's graceful drain at shutdown.
 */
export function call<B = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<B>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const item of Array.isArray(value) ? value : [value ?? '']) responseHeaders.append(name, item);
        }
        resolve({
          status: res.statusCode ?? 0,
          body: (text === '' ? {} : JSON.parse(text)) as B,
          headers: responseHeaders,
        });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The claims of a JWT, unverified: the services verify it; the test only reads who it names. */
export function payloadOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1];
  if (payload === undefined) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
