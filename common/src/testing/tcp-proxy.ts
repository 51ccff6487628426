import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones, as a dead server would. */
  cut(): void;
  /**
   * Keeps every connection open but passes no more bytes either way, and
   * accepts new connections without ever answering: a network partition, or
   * a server that hangs, which no refused port or reset tells a client about.
   */
  silence(): void;
  /** Passes traffic again; connections held silent are dropped, as their peers gave up on them. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * A proxy a test owns between a service and a shared server, so an outage
 * can be staged without stopping the server other tests are using.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let open = true;
  let silent = false;
  const server: Server = createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    if (silent) {
      // Accepted, then never read from nor answered.
      client.pause();
      client.on('error', () => client.destroy());
      sockets.add(client);
      return;
    }
    const upstream = connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    silence() {
      silent = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    restore() {
      if (silent) {
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      }
      silent = false;
      open = true;
    },
    close() {
      open = false;
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
