import type { AstroCookies } from 'astro';
import { siteConfig } from '../config.ts';
import { currentSession, type FanSession } from '../session/session.ts';

/**
 * Calls to booking, the waiting room and the back office on the fan's behalf: the access
 * token from the session (refreshed when due), the fan's address forwarded
 * for the services' per-address limits, and every outcome as a value.
 */
export type Service = 'booking' | 'waitingRoom' | 'admin';

export type ApiAnswer<T = Record<string, unknown>> =
  | { kind: 'ok'; status: number; body: T }
  | { kind: 'problem'; status: number; code: string; body: Record<string, unknown> }
  | { kind: 'signed_out' }
  | { kind: 'unreachable' };

export interface FanContext {
  cookies: AstroCookies;
  locals: { session: FanSession | undefined };
  clientAddress?: string;
}

function baseOf(service: Service): string {
  const config = siteConfig();
  if (service === 'admin') return config.ADMIN_URL;
  return service === 'booking' ? config.BOOKING_URL : config.WAITING_ROOM_URL;
}

function addressOf(context: FanContext): string | undefined {
  try {
    return context.clientAddress;
  } catch {
    // Astro throws when the adapter cannot tell the address (prerendering, some dev setups).
    return undefined;
  }
}

export async function callApi<T = Record<string, unknown>>(
  context: FanContext,
  service: Service,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<ApiAnswer<T>> {
  const session = await currentSession(context.cookies, context.locals.session);
  context.locals.session = session;
  if (!session) return { kind: 'signed_out' };
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: `Bearer ${session.accessToken}`,
    ...init.headers,
  };
  const address = addressOf(context);
  if (address) headers['X-Forwarded-For'] = address;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${baseOf(service)}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
      signal: AbortSignal.timeout(siteConfig().API_TIMEOUT_MS),
    });
  } catch {
    return { kind: 'unreachable' };
  }
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    body = {};
  }
  if (response.ok) return { kind: 'ok', status: response.status, body: body as T };
  if (response.status === 401) return { kind: 'signed_out' };
  const code = typeof body.code === 'string' ? body.code : response.status >= 500 ? 'unavailable' : 'failed';
  return { kind: 'problem', status: response.status, code, body };
}

/** A call whose answer is passed on as it came (a CSV export): the response, or why there is none. */
export async function callApiRaw(
  context: FanContext,
  service: Service,
  path: string,
): Promise<Response | 'signed_out' | 'unreachable'> {
  const session = await currentSession(context.cookies, context.locals.session);
  context.locals.session = session;
  if (!session) return 'signed_out';
  const headers: Record<string, string> = { Authorization: `Bearer ${session.accessToken}` };
  const address = addressOf(context);
  if (address) headers['X-Forwarded-For'] = address;
  try {
    const response = await fetch(`${baseOf(service)}${path}`, {
      headers,
      signal: AbortSignal.timeout(Math.max(siteConfig().API_TIMEOUT_MS, 30_000)),
    });
    return response.status === 401 ? 'signed_out' : response;
  } catch {
    return 'unreachable';
  }
}
