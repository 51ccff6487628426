import {
  createApp,
  createMetrics,
  createTokenVerifier,
  listen,
  mountRoutes,
  type Authenticator,
  type Closeable,
  type Logger,
  type Metrics,
  type RunningServer,
  type ServiceApp,
} from '@ticketing/common';
import { openBookingDatabase, ticketSigningKey, type BookingDatabase } from '@ticketing/booking/back-office';
import { auditRoutes } from './audit/routes.ts';
import { cancellationRoutes } from './cancellation/routes.ts';
import type { AdminConfig } from './config.ts';
import { createDashboardFeed, type DashboardFeed } from './dashboard/feed.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { dropRoutes } from './drops/routes.ts';
import { eventRoutes } from './events/routes.ts';
import { transferRulesRoutes } from './events/transfer-rules-routes.ts';
import { seatMapRoutes } from './seat-maps/routes.ts';
import { gateRoutes } from './gate/routes.ts';
import { orderRoutes } from './orders/routes.ts';
import { statsRoutes } from './stats/routes.ts';
import { createWaitingRoomClient, type WaitingRoomClient } from './stats/waiting-room-client.ts';
import { venueRoutes } from './venues/routes.ts';

export interface AdminAppDeps {
  config: AdminConfig;
  logger: Logger;
  metrics: Metrics;
  booking: BookingDatabase;
  authenticator: Authenticator;
  waitingRoom: WaitingRoomClient;
}

/**
 * The back-office API: health, readiness on PostgreSQL, metrics, and the
 * organizer's (venues, events, seat maps, drops, the dashboard), admin's and gate's routes.
 */
export function createAdminApp(deps: AdminAppDeps): ServiceApp & { dashboard: DashboardFeed } {
  const { booking, config } = deps;
  const service = createApp({
    service: 'admin',
    logger: deps.logger,
    metrics: deps.metrics,
    readiness: { postgres: () => booking.ping() },
    proxy: deps.config.ADMIN_TRUST_PROXY,
    hsts: deps.config.NODE_ENV === 'production',
  });
  const dashboard = createDashboardFeed({
    db: booking.db,
    waitingRoom: deps.waitingRoom,
    logger: deps.logger,
    intervalMs: config.ADMIN_DASHBOARD_INTERVAL_MS,
    heartbeatMs: config.ADMIN_DASHBOARD_HEARTBEAT_MS,
    bufferLimitBytes: config.ADMIN_DASHBOARD_BUFFER_BYTES,
  });
  const ticketKey = ticketSigningKey(config);
  mountRoutes(
    service.router,
    [
      ...venueRoutes(booking.db),
      ...eventRoutes(booking.db),
      ...transferRulesRoutes(booking.db),
      ...seatMapRoutes(booking.db),
      ...dropRoutes(booking.db),
      ...statsRoutes(booking.db, deps.waitingRoom),
      ...dashboardRoutes(dashboard),
      ...orderRoutes(booking.db),
      ...cancellationRoutes(booking.db, { budgetMs: config.ADMIN_CANCEL_BUDGET_MS }),
      ...auditRoutes(booking.db),
      ...gateRoutes(booking.db, ticketKey),
    ],
    { authenticator: deps.authenticator },
  );
  return { ...service, dashboard };
}

export interface RunningAdmin {
  server: RunningServer;
  /** Everything to close, in opening order (shutdown closes them in reverse). */
  resources: Closeable[];
  close(): Promise<void>;
}

export interface StartAdminOptions {
  /** Defaults to ADMIN_HOST. */
  host?: string;
  /** Defaults to the issuer's key set from the configuration. */
  authenticator?: Authenticator;
  /** Process metrics (event loop, memory) on /metrics; off in tests. */
  defaultMetrics?: boolean;
}

/** Wires and starts the admin service. Any number of copies can run: all state is in PostgreSQL. */
export async function startAdmin(
  config: AdminConfig,
  logger: Logger,
  options: StartAdminOptions = {},
): Promise<RunningAdmin> {
  const booking = await openBookingDatabase({
    databaseUrl: config.DATABASE_URL,
    poolSize: config.ADMIN_DATABASE_POOL_SIZE,
    logger,
    applicationName: 'admin',
  });
  const resources: Closeable[] = [{ name: 'postgres', close: () => booking.close() }];
  try {
    const { app, dashboard } = createAdminApp({
      config,
      logger,
      booking,
      metrics: createMetrics('admin', { defaults: options.defaultMetrics ?? true }),
      authenticator:
        options.authenticator ??
        createTokenVerifier({
          issuer: config.OIDC_ISSUER,
          audience: config.OIDC_AUDIENCE,
          ...(config.OIDC_JWKS_URL ? { jwksUri: config.OIDC_JWKS_URL } : {}),
        }),
      waitingRoom: createWaitingRoomClient({
        baseUrl: config.WAITING_ROOM_URL,
        timeoutMs: config.WAITING_ROOM_TIMEOUT_MS,
        logger,
      }),
    });
    const server = await listen(app, config.ADMIN_PORT, options.host ?? config.ADMIN_HOST);
    resources.push({ name: 'http', close: () => server.close(config.SHUTDOWN_DRAIN_MS) });
    // Closed before the server drains: open streams never finish on their own.
    resources.push({ name: 'dashboard streams', close: async () => dashboard.close() });
    return {
      server,
      resources,
      async close() {
        for (const resource of [...resources].reverse()) await resource.close();
      },
    };
  } catch (error) {
    await booking.close();
    throw error;
  }
}
