import type { Logger } from '@ticketing/common';
import { queueNumbers, type QueueStats } from './schema.ts';

export interface WaitingRoomClient {
  /**
   * The drop's live queue numbers from the waiting room's
   * `GET /drops/:dropId/stats`, asked with the caller's own access token (the
   * waiting room checks the same roles and ownership). Never throws: a
   * waiting room that is down, slow or confused is reported as such, so the
   * dashboard still shows what PostgreSQL knows.
   */
  queueStats(dropId: string, authorization: string): Promise<QueueStats>;
}

export function createWaitingRoomClient(options: {
  baseUrl: string;
  timeoutMs: number;
  logger: Logger;
}): WaitingRoomClient {
  const { baseUrl, timeoutMs, logger } = options;
  return {
    async queueStats(dropId, authorization) {
      const url = new URL(`/drops/${encodeURIComponent(dropId)}/stats`, baseUrl);
      let response: Response;
      let body: unknown;
      try {
        response = await fetch(url, {
          headers: { authorization, accept: 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
        });
        body = await response.json().catch(() => undefined);
      } catch (error) {
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
        logger.warn({ err: error, dropId }, 'waiting room stats unavailable');
        return timedOut
          ? { available: false, reason: 'timeout', detail: `no answer within ${timeoutMs} ms` }
          : { available: false, reason: 'unreachable', detail: 'the waiting room cannot be reached' };
      }
      if (response.status === 404) {
        return { available: false, reason: 'not_found', detail: 'the waiting room has no line for this drop' };
      }
      const parsed = response.ok ? queueNumbers.safeParse(body) : undefined;
      if (!parsed?.success) {
        logger.warn({ dropId, status: response.status }, 'waiting room stats: unexpected answer');
        return { available: false, reason: 'error', detail: `the waiting room answered ${response.status}` };
      }
      return { available: true, ...parsed.data };
    },
  };
}
