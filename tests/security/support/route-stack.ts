import { createLogger, parseConfig, type AnyRoute } from '@ticketing/common';
import { testRedisUrl, uniqueName } from '@ticketing/common/testing';
import { parseAdminConfig, startAdmin } from '@ticketing/admin';
import { createBookingTestDatabase, startTestIdentity, type BookingTestDatabase } from '@ticketing/booking/testing';
import { parseBookingConfig, startBookingApi } from '@ticketing/booking/processes';
import { catalogConfigShape, startCatalog } from '@ticketing/catalog';
import { startWaitingRoom, waitingRoomConfigShape } from '@ticketing/waiting-room';
import { cleanupStack } from '../../e2e/support/cleanup.ts';
import { deleteRedisKeys } from '../../e2e/support/isolation.ts';

/** A service of the platform whose routes are declared with `defineRoute`, as this test runs it. */
export interface RouteService {
  /** The workspace whose code it runs. */
  workspace: 'admin' | 'booking' | 'catalog' | 'waiting-room';
  /** Which copy: booking runs once with the development gateway and once with Stripe's, whose routes differ. */
  name: string;
  url: string;
  routes: readonly AnyRoute[];
}

export interface RouteStack {
  services: RouteService[];
  booking: BookingTestDatabase;
  /** A real access token for this user with these realm roles. */
  accessToken(user: string, roles: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * Every HTTP service whose routes are declared with `defineRoute`, started
 * by its own starter on one fresh database with booking's schema, trusting
 * one test identity, and each answering the declarations it mounted (read
 * back from the running server, so a route added to a service is in the
 * list without anyone writing it down). Only the HTTP processes: no relay,
 * sweeper or consumer runs, so nothing but a request changes the database.
 */
export async function startRouteStack(label: string): Promise<RouteStack> {
  const cleanup = cleanupStack();
  const quiet = (service: string) => createLogger(`${label}-${service}`, 'silent');
  const redisBase = `${uniqueName(label)}:`;
  try {
    const booking = await createBookingTestDatabase(label);
    cleanup.add('database', () => booking.close());
    cleanup.add('redis keys', () => deleteRedisKeys(redisBase));
    const identity = await startTestIdentity();
    cleanup.add('identity', () => identity.close());
    const oidc = { OIDC_ISSUER: identity.issuer, OIDC_AUDIENCE: identity.audience };

    const admin = await startAdmin(
      parseAdminConfig({ NODE_ENV: 'test', ADMIN_PORT: '0', DATABASE_URL: booking.url, ...oidc }),
      quiet('admin'),
      { host: '127.0.0.1', authenticator: identity.authenticator, defaultMetrics: false },
    );
    cleanup.add('admin', () => admin.close());

    const bookingApi = async (env: Record<string, string>) => {
      const api = await startBookingApi(
        parseBookingConfig({
          NODE_ENV: 'test',
          DATABASE_URL: booking.url,
          DATABASE_POOL_SIZE: '3',
          ...oidc,
          ADMISSION_JWKS_URL: identity.admissionJwksUri,
          SHUTDOWN_DRAIN_MS: '500',
          ...env,
        }),
        quiet('booking'),
        {
          host: '127.0.0.1',
          port: 0,
          defaultMetrics: false,
          authenticator: identity.authenticator,
          admission: identity.admission,
        },
      );
      cleanup.add('booking', () => api.close());
      return api;
    };
    const api = await bookingApi({});
    // Stripe's gateway adds its webhook; nothing here reaches Stripe (the API base is a closed local port).
    const stripeApi = await bookingApi({
      STRIPE_SECRET_KEY: 'sk_test_routes',
      STRIPE_WEBHOOK_SECRET: 'whsec_routes',
      STRIPE_API_BASE: 'http://127.0.0.1:9',
    });

    const catalog = await startCatalog(
      parseConfig(catalogConfigShape, {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        CATALOG_PORT: '0',
        CATALOG_PG_POOL_SIZE: '3',
        DATABASE_URL: booking.url,
        REDIS_URL: testRedisUrl,
        CATALOG_REDIS_PREFIX: `${redisBase}catalog:`,
        CATALOG_FEEDER: 'false',
        ...oidc,
        OIDC_JWKS_URL: identity.jwksUri,
      }),
      quiet('catalog'),
      '127.0.0.1',
    );
    cleanup.add('catalog', () => catalog.close());

    const waitingRoom = await startWaitingRoom(
      parseConfig(waitingRoomConfigShape, {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        WAITING_ROOM_PORT: '0',
        DATABASE_URL: booking.url,
        REDIS_URL: testRedisUrl,
        WAITING_ROOM_REDIS_PREFIX: `${redisBase}wr:`,
        WAITING_ROOM_CONSUMER: 'false',
        ...oidc,
        OIDC_JWKS_URI: identity.jwksUri,
      }),
      { host: '127.0.0.1', defaultMetrics: false, authenticator: identity.authenticator, logger: quiet('wr') },
    );
    cleanup.add('waiting room', () => waitingRoom.close());

    const service = (
      workspace: RouteService['workspace'],
      server: { url: string; routes(): readonly AnyRoute[] },
      name: string = workspace,
    ): RouteService => ({ workspace, name, url: server.url, routes: server.routes() });
    return {
      services: [
        service('admin', admin.server),
        service('booking', api.server),
        service('booking', stripeApi.server, 'booking (stripe)'),
        service('catalog', catalog.server),
        service('waiting-room', waitingRoom.server),
      ],
      booking,
      accessToken: (user, roles) => identity.accessToken(user, { roles: [...roles] }),
      close: () => cleanup.run(),
    };
  } catch (error) {
    await cleanup.run().catch(() => undefined);
    throw error;
  }
}
