/**
 * The browser side of a fan's place in line: the waiting room's WebSocket
 * when it can be had, `/queue/me` polling (through the storefront) when it
 * cannot, and back to the socket when it returns. Either way the fan's page
 * keeps their place alive (both count as a heartbeat).
 */
import type { QueueStatus } from './api/queue.ts';

export type LineEvent =
  | { kind: 'status'; status: QueueStatus; via: 'socket' | 'polling' }
  | { kind: 'gone'; reason: string }
  | { kind: 'signed_out' }
  | { kind: 'trouble'; message: string }
  | { kind: 'transport'; via: 'socket' | 'polling' };

export interface LineFeedOptions {
  dropId: string;
  onEvent: (event: LineEvent) => void;
  /** How often to ask while polling. */
  pollMs?: number;
}

const maxSocketBackoffMs = 15_000;

function isStatus(value: unknown): value is QueueStatus {
  return typeof value === 'object' && value !== null && typeof (value as { state?: unknown }).state === 'string';
}

export function followLine({ dropId, onEvent, pollMs = 2_000 }: LineFeedOptions): () => void {
  let stopped = false;
  let socket: WebSocket | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let socketTimer: ReturnType<typeof setTimeout> | undefined;
  let socketFailures = 0;
  const base = `/api/drops/${encodeURIComponent(dropId)}/queue`;

  const poll = async () => {
    pollTimer = undefined;
    if (stopped || socket?.readyState === WebSocket.OPEN) return;
    try {
      const response = await fetch(base, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      const body = (await response.json()) as Record<string, unknown>;
      if (stopped) return;
      if (response.ok && isStatus(body)) onEvent({ kind: 'status', status: body, via: 'polling' });
      else if (response.status === 401) return onEvent({ kind: 'signed_out' });
      else if (body.code === 'not_in_queue')
        return onEvent({ kind: 'gone', reason: typeof body.reason === 'string' ? body.reason : '' });
      else if (typeof body.message === 'string') onEvent({ kind: 'trouble', message: body.message });
    } catch {
      if (!stopped) onEvent({ kind: 'trouble', message: 'Connection lost. Your place is kept; reconnecting…' });
    }
    if (!stopped) pollTimer = setTimeout(() => void poll(), pollMs);
  };

  const startPolling = () => {
    onEvent({ kind: 'transport', via: 'polling' });
    if (pollTimer === undefined) pollTimer = setTimeout(() => void poll(), 0);
  };

  const retrySocket = () => {
    if (stopped || typeof WebSocket === 'undefined') return;
    socketFailures += 1;
    const delay = Math.min(maxSocketBackoffMs, 1_000 * 2 ** Math.min(socketFailures, 4));
    socketTimer = setTimeout(() => void openSocket(), delay);
  };

  const openSocket = async () => {
    socketTimer = undefined;
    if (stopped) return;
    let target: { url: string; protocols: string[] };
    try {
      const response = await fetch(`${base}/socket`, { cache: 'no-store' });
      if (response.status === 401) return onEvent({ kind: 'signed_out' });
      if (!response.ok) throw new Error('no socket address');
      target = (await response.json()) as { url: string; protocols: string[] };
    } catch {
      startPolling();
      return retrySocket();
    }
    if (stopped) return;
    let opened = false;
    const ws = new WebSocket(target.url, target.protocols);
    socket = ws;
    ws.onopen = () => {
      opened = true;
      socketFailures = 0;
      if (pollTimer !== undefined) clearTimeout(pollTimer);
      pollTimer = undefined;
      onEvent({ kind: 'transport', via: 'socket' });
    };
    ws.onmessage = (message: MessageEvent<string>) => {
      try {
        const body: unknown = JSON.parse(message.data);
        if (isStatus(body)) onEvent({ kind: 'status', status: body, via: 'socket' });
      } catch {
        // Not a status: ignored.
      }
    };
    ws.onclose = (event) => {
      if (socket === ws) socket = undefined;
      if (stopped) return;
      if (event.code === 4404) {
        onEvent({ kind: 'gone', reason: event.reason.replace(/^not_in_queue:/, '') });
        return;
      }
      // Refused before opening, dropped, or the instance shut down: poll meanwhile, then try the socket again.
      if (!opened) socketFailures += 1;
      startPolling();
      retrySocket();
    };
  };

  if (typeof WebSocket === 'undefined') startPolling();
  else void openSocket();

  return () => {
    stopped = true;
    if (pollTimer !== undefined) clearTimeout(pollTimer);
    if (socketTimer !== undefined) clearTimeout(socketTimer);
    socket?.close(1000, 'page closed');
  };
}
