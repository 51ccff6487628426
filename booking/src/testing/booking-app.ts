import type { EntityManager } from '@mikro-orm/postgresql';
import { createLogger, type RunningServer } from '@ticketing/common';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing';
import { startBookingApi, type RouteModule } from '../composition.ts';
import { parseBookingConfig, type BookingConfig } from '../config.ts';
import type { BookingTestDatabase } from './booking-database.ts';
import type { MikroORM } from '../db/orm.ts';
import { startTestIdentity, type TestIdentity } from './identity.ts';

/**
 * A booking API for one test file: its own migrated database, its own
 * identity keys, the real app (wired by composition.ts) on a loopback port 0.
 */
export interface BookingTestApp {
  url: string;
  db: TestDatabase;
  /** Booking's database as use cases (`db`) and factories (`sql()`) reach it. */
  booking: BookingTestDatabase;
  orm: MikroORM;
  config: BookingConfig;
  identity: TestIdentity;
  server: RunningServer;
  /** A fresh entity manager for arranging and inspecting rows. */
  em(): EntityManager;
  close(): Promise<void>;
}

export async function startBookingTestApp(
  label: string,
  options: {
    env?: Record<string, string>;
    routeModules?: readonly RouteModule[];
    /** The URL the API reaches its database by, from the test database's own (a proxy in between). */
    databaseUrl?: (url: string) => string;
  } = {},
): Promise<BookingTestApp> {
  const db = await createTestDatabase(label);
  const identity = await startTestIdentity();
  const logger = createLogger(`booking-${label}`, 'silent');
  const config = parseBookingConfig({
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl ? options.databaseUrl(db.url) : db.url,
    DATABASE_POOL_SIZE: '5',
    BOOKING_MIGRATE: 'true',
    SHUTDOWN_DRAIN_MS: '100',
    ...identity.env(),
    ...options.env,
  });
  const api = await startBookingApi(config, logger, {
    host: '127.0.0.1',
    port: 0,
    authenticator: identity.authenticator,
    admission: identity.admission,
    defaultMetrics: false,
    ...(options.routeModules ? { routeModules: options.routeModules } : {}),
  });
  const opened = api.database;
  return {
    url: api.server.url,
    db,
    booking: { url: db.url, db: opened.db, sql: () => opened.orm.em.fork(), close: () => opened.close() },
    orm: opened.orm,
    config,
    identity,
    server: api.server,
    em: () => opened.orm.em.fork(),
    async close() {
      await api.close();
      await identity.close();
      await db.drop();
    },
  };
}
