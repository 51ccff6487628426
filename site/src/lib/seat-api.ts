/**
 * The seat page's calls to the storefront's own API. Every failure comes
 * back as `{ code, message }` with the message in words a fan understands.
 */
import type { Hold } from './api/booking.ts';

export type Answer<T> = { ok: true; value: T } | { ok: false; code: string; message: string; seats?: string[] };

async function call<T>(path: string, init: RequestInit = {}): Promise<Answer<T>> {
  try {
    const response = await fetch(path, {
      ...init,
      headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
      cache: 'no-store',
    });
    if (response.status === 204) return { ok: true, value: undefined as T };
    const body = (await response.json()) as Record<string, unknown>;
    if (response.ok) return { ok: true, value: body as T };
    return {
      ok: false,
      code: typeof body.code === 'string' ? body.code : 'failed',
      message: typeof body.message === 'string' ? body.message : 'Something went wrong. Please try again.',
      ...(Array.isArray(body.seats) ? { seats: body.seats.filter((s): s is string => typeof s === 'string') } : {}),
    };
  } catch {
    return { ok: false, code: 'unreachable', message: 'We could not reach our ticket service. Please try again.' };
  }
}

export interface HoldRequest {
  eventId: string;
  dropId: string;
  admissionToken: string;
  seatIds?: string[];
  sectionId?: string;
  quantity?: number;
}

export const seatApi = {
  hold: (request: HoldRequest) => call<Hold>('/api/holds', { method: 'POST', body: JSON.stringify(request) }),
  readHold: (holdId: string) => call<Hold>(`/api/holds/${encodeURIComponent(holdId)}`),
  release: (holdId: string) => call<void>(`/api/holds/${encodeURIComponent(holdId)}`, { method: 'DELETE' }),
  order: (holdId: string) =>
    call<{ orderId: string }>('/api/orders', { method: 'POST', body: JSON.stringify({ holdId }) }),
};
