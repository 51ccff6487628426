import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones, as a dead server would. */
  cut(): void;
  /**
   * Stops listening, so a new connection is refused (ECONNREFUSED), and
   * resets every open one (RST), as a host whose server process died does.
   * `restore` listens again on the same port.
   */
  refuse(): void;
  /**
   * Stops carrying bytes either way while every connection stays open and new
   * ones are accepted, as a network partition looks: nothing is refused,
   * nothing answers. `restore` carries the held bytes on, as TCP would once
   * the partition heals, unless a side gave up and closed its socket.
   */
  silence(): void;
  restore(): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream?: Socket;
}

/**
 * A proxy a test owns between a service and a shared server, so an outage
 * can be staged without stopping the server other tests are using.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const links = new Set<Link>();
  let mode: 'open' | 'refused' | 'silent' = 'open';

  const drop = (link: Link) => {
    link.client.destroy();
    link.upstream?.destroy();
    links.delete(link);
  };
  const reset = (link: Link) => {
    link.client.resetAndDestroy();
    link.upstream?.resetAndDestroy();
    links.delete(link);
  };
  const flow = (link: Link) => {
    if (link.upstream === undefined) {
      const upstream = connect(targetPort, targetHost);
      link.upstream = upstream;
      upstream.on('error', () => drop(link)).on('close', () => drop(link));
    }
    link.client.pipe(link.upstream).pipe(link.client);
  };
  // Unpiped and paused, a socket's bytes wait in its buffers: nothing is lost, nothing is carried.
  const hold = (link: Link) => {
    link.client.unpipe();
    link.upstream?.unpipe();
    link.client.pause();
    link.upstream?.pause();
  };

  const server: Server = createServer((client) => {
    if (mode === 'refused') {
      client.destroy();
      return;
    }
    const link: Link = { client };
    links.add(link);
    client.on('error', () => drop(link)).on('close', () => drop(link));
    if (mode === 'silent') client.pause();
    else flow(link);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    cut() {
      mode = 'refused';
      for (const link of [...links]) drop(link);
    },
    refuse() {
      mode = 'refused';
      for (const link of [...links]) reset(link);
      if (server.listening) server.close();
    },
    silence() {
      mode = 'silent';
      for (const link of links) hold(link);
    },
    restore() {
      const wasSilent = mode === 'silent';
      mode = 'open';
      // Binding a loopback address happens at once: connections from here on are accepted.
      if (!server.listening) server.listen(port, '127.0.0.1');
      if (wasSilent) for (const link of links) flow(link);
    },
    close() {
      mode = 'refused';
      for (const link of [...links]) drop(link);
      if (!server.listening) return Promise.resolve();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
