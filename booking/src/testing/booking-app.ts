import type { EntityManager } from '@mikro-orm/postgresql';
import { createLogger, createMetrics, listen, type RunningServer } from '@ticketing/common';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing/database';
import { createBookingApp, type RouteModule } from '../app.ts';
import { parseBookingConfig, type BookingConfig } from '../config.ts';
import { createOrm, migrate, type MikroORM } from '../db/orm.ts';
import { createOutboxWake } from '../outbox/wake.ts';
import { startTestIdentity, type TestIdentity } from './identity.ts';

/**
 * A booking API for one test file: its own migrated database, its own
 * identity keys, the real app on a loopback port 0.
 */
export interface BookingTestApp {
  url: string;
  db: TestDatabase;
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
  options: { env?: Record<string, string>; routeModules?: readonly RouteModule[] } = {},
): Promise<BookingTestApp> {
  const db = await createTestDatabase(label);
  const identity = await startTestIdentity();
  const logger = createLogger(`booking-${label}`, 'silent');
  const config = parseBookingConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    ...identity.env(),
    ...options.env,
  });
  const orm = await createOrm({ databaseUrl: db.url, poolSize: config.DATABASE_POOL_SIZE, logger });
  await migrate(orm);
  const outboxWake = createOutboxWake((sql) => orm.em.fork().execute(sql), logger);
  const { app } = createBookingApp({
    config,
    logger,
    orm,
    metrics: createMetrics('booking', { defaults: false }),
    authenticator: identity.authenticator,
    admission: identity.admission,
    outboxWake,
    ...(options.routeModules ? { routeModules: options.routeModules } : {}),
  });
  const server = await listen(app, 0, '127.0.0.1');
  return {
    url: server.url,
    db,
    orm,
    config,
    identity,
    server,
    em: () => orm.em.fork(),
    async close() {
      await server.close(100);
      await outboxWake.close();
      await orm.close();
      await identity.close();
      await db.drop();
    },
  };
}
