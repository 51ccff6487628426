import type { AnyRoute, InputSchemas } from '@ticketing/common';

/** One route's input, part by part, as values (before they become a URL, headers and a body). */
export interface RouteInput {
  params?: unknown;
  query?: unknown;
  headers?: unknown;
  body?: unknown;
}

export interface Answer {
  status: number;
  code: string | undefined;
  contentType: string;
  text: string;
}

export const inputSchemas = (route: AnyRoute): InputSchemas => (route.input as InputSchemas | undefined) ?? {};

/** The names of a route's path parameters, in order (`/events/:id/drops` → `id`). */
export const pathParams = (route: AnyRoute): string[] => [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');

const entries = (value: unknown): Array<[string, unknown]> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];

const asText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value !== null && typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/** What fetch accepts as a header value: visible ASCII only (anything else would fail in the client, not the server). */
const headerText = (value: unknown) =>
  asText(value)
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();

export function requestFor(
  route: AnyRoute,
  input: RouteInput,
): { path: string; headers: Record<string, string>; body?: string } {
  const params = new Map(entries(input.params));
  const path = route.path.replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent(params.has(name) ? asText(params.get(name)) : 'missing'),
  );
  const query = new URLSearchParams();
  for (const [key, value] of entries(input.query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) query.append(key, asText(item));
    }
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of entries(input.headers)) {
    if (value !== undefined && /^[a-z0-9-]+$/i.test(key)) headers[key] = headerText(value);
  }
  const search = query.size > 0 ? `?${query.toString()}` : '';
  if (!inputSchemas(route).body || input.body === undefined) return { path: `${path}${search}`, headers };
  const mediaType = route.bodyMediaType;
  headers['content-type'] = mediaType ?? 'application/json';
  return {
    path: `${path}${search}`,
    headers,
    body: mediaType === undefined ? JSON.stringify(input.body) : asText(input.body),
  };
}

/**
 * Sends one request; an event stream that opens is closed as soon as its
 * status and headers are in (its answer is the status, not the stream).
 */
export async function send(
  baseUrl: string,
  route: AnyRoute,
  request: { path: string; headers: Record<string, string>; body?: string },
  token: string | null,
): Promise<Answer> {
  const headers = { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: route.method.toUpperCase(),
    headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    signal: controller.signal,
  });
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.startsWith('text/event-stream')) {
    controller.abort();
    return { status: response.status, code: undefined, contentType, text: '' };
  }
  const text = await response.text();
  let code: string | undefined;
  if (contentType.includes('json') && text !== '') {
    const parsed = JSON.parse(text) as { code?: unknown };
    if (typeof parsed.code === 'string') code = parsed.code;
  }
  return { status: response.status, code, contentType, text };
}

export const label = (service: string, route: AnyRoute) => `${service} ${route.method.toUpperCase()} ${route.path}`;
