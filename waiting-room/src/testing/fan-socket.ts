import { WebSocket } from 'ws';

/** A fan's socket as the waiting-room page opens it, with every message it got. */
export interface FanSocket {
  socket: WebSocket;
  messages: Array<Record<string, unknown>>;
  /** Resolves with the first message (already received or still to come) that matches. */
  next(match: (message: Record<string, unknown>) => boolean, after?: number): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export function openFanSocket(
  baseUrl: string,
  dropId: string,
  token: string,
  via: 'protocol' | 'query' = 'protocol',
): Promise<FanSocket> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/drops/${dropId}/queue/ws${via === 'query' ? `?token=${token}` : ''}`;
  const socket =
    via === 'query' ? new WebSocket(url, ['queue.v1']) : new WebSocket(url, ['queue.v1', `bearer.${token}`]);
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<{
    match: (m: Record<string, unknown>) => boolean;
    after: number;
    resolve: (m: Record<string, unknown>) => void;
  }> = [];
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (messages.length - 1 >= waiter.after && waiter.match(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
  );
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () =>
        reject(
          Object.assign(new Error(`upgrade refused: ${response.statusCode}`), {
            status: response.statusCode,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
          }),
        ),
      );
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        messages,
        next(match, after = 0) {
          const found = messages.slice(after).find(match);
          if (found) return Promise.resolve(found);
          return new Promise((done) => waiters.push({ match, after, resolve: done }));
        },
        closed,
        close: () => socket.close(),
      }),
    );
  });
}
