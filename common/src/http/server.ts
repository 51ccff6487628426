import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to drainMs), then closes every socket. */
  close(drainMs?: number): Promise<void>;
}

export async function listen(app: Koa, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  let closing = false;
  const handler = app.callback();
  const server = createServer((req, res) => {
    // While draining, tell keep-alive clients to go elsewhere after this answer.
    if (closing) res.setHeader('Connection', 'close');
    // A request that was already in flight when draining began leaves an idle
    // keep-alive socket behind: close it as soon as its answer is out.
    res.once('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    void handler(req, res);
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
    close(drainMs = 10_000) {
      closing = true;
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), drainMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
