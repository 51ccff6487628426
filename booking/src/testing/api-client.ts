import type { BookingTestApp } from './booking-app.ts';

/** A small HTTP client for booking API tests: JSON in, status + parsed body out. */

export interface ApiAnswer<B = Record<string, unknown>> {
  status: number;
  body: B;
  headers: Headers;
}

export interface CallOptions {
  /** Sign in as this user (a fan unless `roles` says otherwise); null sends no token. */
  as?: string | null;
  roles?: string[];
  /** The token's `email` claim, verified unless `emailVerified` is false. */
  email?: string;
  emailVerified?: boolean;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export function apiClient(app: BookingTestApp) {
  return async function call<B = Record<string, unknown>>(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<ApiAnswer<B>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as !== null) {
      const roles = options.roles ?? ['fan'];
      headers.authorization = `Bearer ${await app.identity.accessToken(options.as ?? 'fan-1', {
        roles,
        ...(options.email === undefined ? {} : { email: options.email }),
        ...(options.emailVerified === undefined ? {} : { emailVerified: options.emailVerified }),
      })}`;
    }
    const body = options.body === undefined ? options.rawBody : JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${app.url}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as B, headers: response.headers };
  };
}

export type ApiCall = ReturnType<typeof apiClient>;
