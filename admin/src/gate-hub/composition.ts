import {
  createApp,
  createMetrics,
  listen,
  mountRoutes,
  type Closeable,
  type Logger,
  type RunningServer,
} from '@ticketing/common';
import type { GateHubConfig } from './config.ts';
import { createGateHub, type GateHub } from './hub.ts';
import { createPlatformClient, passwordGrantToken, type TokenSource } from './platform.ts';
import { deviceKeyAuthenticator, gateHubRoutes } from './routes.ts';
import { openGateHubStore } from './store.ts';

export interface RunningGateHub {
  hub: GateHub;
  server: RunningServer;
  resources: Closeable[];
  close(): Promise<void>;
}

export interface StartGateHubOptions {
  /** Defaults to GATE_HUB_HOST. */
  host?: string;
  /** How the hub signs in to the platform; defaults to GATE_HUB_TOKEN or the password grant. */
  token?: TokenSource;
  /** Run the sync loop (tests drive `hub.sync()` themselves). */
  syncLoop?: boolean;
}

/** Wires and starts the gate hub: its store, its platform client, its sync loop, its HTTP API for devices. */
export async function startGateHub(
  config: GateHubConfig,
  logger: Logger,
  options: StartGateHubOptions = {},
): Promise<RunningGateHub> {
  const store = openGateHubStore(config.GATE_HUB_STORE);
  const resources: Closeable[] = [{ name: 'store', close: async () => store.close() }];
  try {
    const fixedToken = config.GATE_HUB_TOKEN;
    const token =
      options.token ??
      (fixedToken
        ? async () => fixedToken
        : passwordGrantToken({
            issuer: config.OIDC_ISSUER,
            clientId: config.GATE_HUB_CLIENT_ID,
            clientSecret: config.GATE_HUB_CLIENT_SECRET,
            username: config.GATE_HUB_USERNAME,
            password: config.GATE_HUB_PASSWORD,
            timeoutMs: config.GATE_HUB_PLATFORM_TIMEOUT_MS,
          }));
    const hub = createGateHub({
      eventId: config.GATE_HUB_EVENT_ID,
      store,
      logger,
      platform: createPlatformClient({
        baseUrl: config.GATE_HUB_PLATFORM_URL,
        eventId: config.GATE_HUB_EVENT_ID,
        token,
        timeoutMs: config.GATE_HUB_PLATFORM_TIMEOUT_MS,
      }),
      syncMs: config.GATE_HUB_SYNC_MS,
      fullSyncMs: config.GATE_HUB_FULL_SYNC_MS,
    });
    const service = createApp({
      service: 'gate-hub',
      logger,
      metrics: createMetrics('gate-hub', { defaults: false }),
      cors: config.GATE_HUB_CORS_ORIGINS,
    });
    mountRoutes(service.router, gateHubRoutes(hub), {
      authenticator: deviceKeyAuthenticator(config.GATE_HUB_DEVICE_KEY),
    });
    if (options.syncLoop ?? true) {
      hub.start();
      resources.push({ name: 'sync', close: () => hub.stop() });
    }
    const server = await listen(service.app, config.GATE_HUB_PORT, options.host ?? config.GATE_HUB_HOST);
    resources.push({ name: 'http', close: () => server.close(2_000) });
    return {
      hub,
      server,
      resources,
      async close() {
        for (const resource of [...resources].reverse()) await resource.close();
      },
    };
  } catch (error) {
    for (const resource of [...resources].reverse()) await resource.close();
    throw error;
  }
}
