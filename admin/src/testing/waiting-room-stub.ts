import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stands in for the waiting room's `GET /drops/:dropId/stats`: answers what
 * the test sets, records what it was asked, or never answers at all.
 */
export interface WaitingRoomStub {
  url: string;
  port: number;
  requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  answer(status: number, body: unknown): void;
  /** From now on, accept requests and never answer them. */
  hang(): void;
  close(): Promise<void>;
}

export async function startWaitingRoomStub(): Promise<WaitingRoomStub> {
  let reply: { status: number; body: unknown } | 'hang' = { status: 404, body: { code: 'drop_not_found' } };
  const requests: WaitingRoomStub['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    if (reply === 'hang') return;
    res.statusCode = reply.status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    answer(status, body) {
      reply = { status, body };
    },
    hang() {
      reply = 'hang';
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
