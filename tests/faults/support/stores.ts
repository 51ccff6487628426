import { adminDatabaseUrl, startTcpProxy, testAmqpUrl, testRedisUrl, type TcpProxy } from '@ticketing/common/testing';
import type { CleanupStack } from '../../e2e/support/cleanup.ts';

export const storeNames = ['postgres', 'redis', 'rabbitmq'] as const;
export type StoreName = (typeof storeNames)[number];

/**
 * One TCP proxy per store, owned by the run, between every process of the
 * stack and the shared server: a cut reaches only this stack, and the
 * suite's own checks (which connect directly) are never cut.
 */
export interface StoreProxies {
  proxy(store: StoreName): TcpProxy;
  /** The stack's store variables, pointing through the proxies. */
  env(databaseUrl: string): Record<string, string>;
  restoreAll(): void;
}

function through(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  return parsed.toString();
}

function portOf(url: string, fallback: number): number {
  const port = Number(new URL(url).port);
  return Number.isInteger(port) && port > 0 ? port : fallback;
}

export async function startStoreProxies(cleanup: CleanupStack): Promise<StoreProxies> {
  const proxies: Record<StoreName, TcpProxy> = {
    postgres: await startTcpProxy(portOf(adminDatabaseUrl, 5432), new URL(adminDatabaseUrl).hostname),
    redis: await startTcpProxy(portOf(testRedisUrl, 6379), new URL(testRedisUrl).hostname),
    rabbitmq: await startTcpProxy(portOf(testAmqpUrl, 5672), new URL(testAmqpUrl).hostname),
  };
  for (const store of storeNames) cleanup.add(`${store} proxy`, () => proxies[store].close());
  return {
    proxy: (store) => proxies[store],
    env: (databaseUrl) => ({
      DATABASE_URL: through(databaseUrl, proxies.postgres.port),
      REDIS_URL: through(testRedisUrl, proxies.redis.port),
      AMQP_URL: through(testAmqpUrl, proxies.rabbitmq.port),
    }),
    restoreAll() {
      for (const store of storeNames) proxies[store].restore();
    },
  };
}
