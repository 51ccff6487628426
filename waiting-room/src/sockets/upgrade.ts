import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  DomainError,
  forbidden,
  invalid,
  notFound,
  statusOfKind,
  unauthenticated,
  type Authenticator,
  type Principal,
  type RateLimiter,
  type RateLimitRule,
} from '@ticketing/common';

/** The subprotocol a client offers (with `bearer.<token>`) and the server selects. */
export const queueSubprotocol = 'queue.v1';
const bearerPrefix = 'bearer.';
const socketPath = /^\/drops\/([^/]+)\/queue\/ws$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A browser cannot set an Authorization header on a WebSocket, so the access
 * token comes as a subprotocol (`bearer.<jwt>`, offered beside `queue.v1`,
 * never echoed back) or, for clients that cannot do that, `?token=`
 * (which ends up in access logs: prefer the subprotocol).
 */
export function tokenOf(request: IncomingMessage, url: URL): string | undefined {
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const fromProtocol = offered.find((p) => p.startsWith(bearerPrefix))?.slice(bearerPrefix.length);
  return fromProtocol || url.searchParams.get('token') || undefined;
}

export interface UpgradeTarget {
  dropId: string;
  user: Principal;
}

export interface UpgradeGuardOptions {
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
  rateLimits: readonly RateLimitRule[];
  /** Connections from the load balancer: trust X-Forwarded-For for the client address. */
  trustProxy: boolean;
}

function clientIp(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded) return forwarded.split(',')[0]!.trim();
  return request.socket.remoteAddress ?? 'unknown';
}

/** Checks an upgrade request the way routes check theirs: path, rate limit, token, role. */
export async function admitUpgrade(request: IncomingMessage, options: UpgradeGuardOptions): Promise<UpgradeTarget> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const match = socketPath.exec(url.pathname);
  if (!match) throw notFound('route_not_found', `No socket at ${url.pathname}`);
  const dropId = match[1]!;
  if (!uuid.test(dropId)) {
    throw invalid('validation_failed', 'The request has invalid fields', {
      details: { errors: [{ in: 'params', path: 'dropId', code: 'invalid_format', message: 'Invalid UUID' }] },
    });
  }
  const limit = async (by: 'ip' | 'user', subject: string) => {
    for (const rule of options.rateLimits.filter((r) => r.by === by)) {
      const verdict = await options.rateLimiter.hit(rule, subject);
      if (!verdict.allowed) {
        throw new DomainError('rate_limited', 'rate_limited', 'Too many requests', {
          retryAfter: verdict.retryAfterSeconds,
        });
      }
    }
  };
  await limit('ip', clientIp(request, options.trustProxy));
  const token = tokenOf(request, url);
  if (!token) throw unauthenticated('auth_required', 'A bearer access token is required');
  const user = await options.authenticator.verify(token);
  if (!user.roles.includes('fan')) {
    throw forbidden('insufficient_role', 'This action needs one of the roles: fan', {
      details: { requiredRoles: ['fan'] },
    });
  }
  await limit('user', user.id);
  return { dropId, user };
}

/** Answers a refused upgrade with a problem document, then closes the socket. */
export function refuseUpgrade(socket: Duplex, error: unknown): void {
  const domain = error instanceof DomainError ? error : undefined;
  const status = domain ? statusOfKind[domain.kind] : 500;
  const code = domain?.code ?? 'internal_error';
  const body = JSON.stringify({
    ...(domain?.details ?? {}),
    type: `urn:ticketing:problem:${code}`,
    title: domain?.message ?? 'Internal server error',
    status,
    code,
  });
  const headers = [
    `HTTP/1.1 ${status} ${status === 500 ? 'Internal Server Error' : 'Refused'}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...(domain?.retryAfter !== undefined ? [`Retry-After: ${Math.ceil(domain.retryAfter)}`] : []),
  ];
  if (socket.writable) socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
  else socket.destroy();
}
