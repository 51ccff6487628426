import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdentityProvider, type IdentityProvider, type IdentityProviderOptions } from './identity-provider.ts';

export interface StartOptions extends Omit<IdentityProviderOptions, 'baseUrl'> {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0: any free port, as tests want. */
  port?: number;
  /** Defaults to the address it listens on. */
  baseUrl?: string;
}

export interface RunningIdentityProvider extends IdentityProvider {
  /** Where it listens, e.g. http://127.0.0.1:41234. */
  url: string;
  close(): Promise<void>;
}

/**
 * Listens first, then builds the provider: the issuer contains the port,
 * and with port 0 the port is known only once the server listens. Tests of
 * other services start their own issuer this way.
 */
export async function startIdentityProvider(options: StartOptions = {}): Promise<RunningIdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  // No request handler until the provider exists; nobody knows a port-0 address before then anyway.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let identity: IdentityProvider;
  try {
    identity = await createIdentityProvider({ ...options, baseUrl: options.baseUrl ?? url });
  } catch (error) {
    await close();
    throw error;
  }
  const handle = identity.app.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res));
  return { ...identity, url, close };
}
