import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type Koa from 'koa';
import { declaredRoutes } from './app.ts';
import type { AnyRoute } from './route.ts';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** The route declarations this server answers (read when asked: a service may mount more after listening). */
  routes(): readonly AnyRoute[];
  /** Stops accepting, lets in-flight requests finish (up to drainMs), then closes every socket. */
  close(drainMs?: number): Promise<void>;
}

export async function listen(app: Koa, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  let closing = false;
  // Requests in flight per socket. Node's closeIdleConnections() skips a
  // socket that was opened but never sent a request (clients pre-open spares),
  // so draining tracks sockets itself and ends every one with nothing in flight.
  const inFlight = new Map<Socket, number>();
  const endIfIdle = (socket: Socket) => {
    if (closing && (inFlight.get(socket) ?? 0) === 0) socket.destroySoon();
  };
  const handler = app.callback();
  const server = createServer((req, res) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    // While draining, tell keep-alive clients to go elsewhere after this answer.
    if (closing) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight.set(socket, Math.max(0, (inFlight.get(socket) ?? 1) - 1));
      setImmediate(() => endIfIdle(socket));
    });
    void handler(req, res);
  });
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.keepAliveTimeout = 65_000; // longer than the load balancer's idle timeout
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    server,
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    routes: () => declaredRoutes(app),
    close(drainMs = 10_000) {
      closing = true;
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), drainMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        for (const socket of inFlight.keys()) endIfIdle(socket);
      });
    },
  };
}
