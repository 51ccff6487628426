import {
  createApp,
  mountRoutes,
  type AdmissionVerifier,
  type AnyRoute,
  type Authenticator,
  type Logger,
  type Metrics,
  type ServiceApp,
} from '@ticketing/common';
import type { BookingConfig } from './config.ts';
import type { MikroORM } from './db/orm.ts';
import { forkPerRequest } from './db/request-context.ts';
import { holdRoutes } from './holds/routes.ts';
import type { OutboxWake } from './outbox/wake.ts';
import { meRoutes } from './me/routes.ts';
import { orderRoutes } from './orders/routes.ts';
import { paymentRoutes } from './payments/routes.ts';

/** What a bounded context's routes may use. Per-request work goes through `requestEm(ctx)`. */
export interface BookingServices {
  config: BookingConfig;
  logger: Logger;
  orm: MikroORM;
  /** Verifies the waiting room's admission tokens offline (cached JWKS). */
  admission: AdmissionVerifier;
  /** Wakes the outbox relay after commits of hot paths that do not NOTIFY themselves. */
  outboxWake: OutboxWake;
}

/** A bounded context's HTTP surface. */
export type RouteModule = (services: BookingServices) => readonly AnyRoute[];

/** Every context with routes, in mount order: a new context is one more entry here. */
export const bookingRouteModules: readonly RouteModule[] = [holdRoutes, orderRoutes, paymentRoutes, meRoutes];

export interface BookingAppDeps extends BookingServices {
  metrics: Metrics;
  /** Verifies access tokens of the identity provider. */
  authenticator: Authenticator;
  /** Defaults to `bookingRouteModules`. */
  routeModules?: readonly RouteModule[];
}

/** The booking API: health, readiness on PostgreSQL, metrics, and every context's routes. */
export function createBookingApp(deps: BookingAppDeps): ServiceApp {
  const { orm } = deps;
  const service = createApp({
    service: 'booking',
    logger: deps.logger,
    metrics: deps.metrics,
    readiness: { postgres: () => orm.em.fork().execute('SELECT 1') },
    proxy: deps.config.BOOKING_TRUST_PROXY,
  });
  service.router.use(forkPerRequest(orm));
  const services: BookingServices = {
    config: deps.config,
    logger: deps.logger,
    orm,
    admission: deps.admission,
    outboxWake: deps.outboxWake,
  };
  const routes = (deps.routeModules ?? bookingRouteModules).flatMap((module) => module(services));
  mountRoutes(service.router, routes, { authenticator: deps.authenticator });
  return service;
}
