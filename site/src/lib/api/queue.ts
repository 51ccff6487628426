import { z } from 'zod';
import { callApi, type ApiAnswer, type FanContext } from './client.ts';

/** A fan's place in a drop's line, as the waiting room answers it (join, `/queue/me`, every socket message). */
export const queueStatus = z.object({
  dropId: z.string(),
  state: z.enum(['prequeue', 'waiting', 'admitted', 'sold_out', 'closed', 'paused']),
  position: z.number().int().nullable(),
  aheadOfYou: z.number().int().nullable(),
  etaSeconds: z.number().int().nullable(),
  prequeueSize: z.number().int().optional(),
  opensAt: z.string(),
  entryId: z.string(),
  heartbeatSeconds: z.number().int().optional(),
  admissionToken: z.string().optional(),
  admissionExpiresAt: z.string().optional(),
});
export type QueueStatus = z.infer<typeof queueStatus>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string | undefined): value is string => value !== undefined && uuid.test(value);

export function joinLine(context: FanContext, dropId: string): Promise<ApiAnswer> {
  return callApi(context, 'waitingRoom', `/drops/${dropId}/queue`, { method: 'POST' });
}

export function myPlace(context: FanContext, dropId: string): Promise<ApiAnswer> {
  return callApi(context, 'waitingRoom', `/drops/${dropId}/queue/me`);
}

/** The claims a page shows from an admission token; the booking core verifies it, the page only reads it. */
export function admissionClaims(token: string): { maxSeats: number | undefined; event: string | undefined } {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    return {
      maxSeats: typeof payload.maxSeats === 'number' ? payload.maxSeats : undefined,
      event: typeof payload.event === 'string' ? payload.event : undefined,
    };
  } catch {
    return { maxSeats: undefined, event: undefined };
  }
}
