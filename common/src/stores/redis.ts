import { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';

/**
 * A single Redis node or a Redis Cluster (ElastiCache in cluster mode).
 * Callers use the commands both share; keys that a script or a multi-key
 * command touches together carry one hash tag (`{drop:<id>}`, `{ev:<id>}`)
 * so a cluster keeps them in one slot.
 */
export type RedisClient = Redis | Cluster;

export interface RedisNodeAddress {
  host: string;
  port: number;
}

export interface RedisOptions {
  url: string;
  /**
   * Cluster mode: some of the cluster's nodes (the client discovers the
   * rest); `url` then only lends its password, if any, to every node.
   */
  clusterNodes?: readonly RedisNodeAddress[];
  /** Prepended to every key; tests use it to keep to their own keys. */
  keyPrefix?: string;
  /** A command that has no answer by then fails, instead of waiting out an outage. */
  commandTimeoutMs?: number;
  /**
   * A connection that has commands outstanding and hears nothing for this
   * long is taken for dead (a silent server, a partition): it is dropped, its
   * commands fail, and reconnection starts. 1 s when absent.
   */
  silenceTimeoutMs?: number;
  /** How long opening a connection may take; 1 s when absent. */
  connectTimeoutMs?: number;
  name?: string;
  /**
   * Sends the commands issued in one event-loop turn in one write: far
   * fewer system calls when many requests are in flight at once.
   */
  autoPipelining?: boolean;
}

const nodeAddress = /^\[?([^\]\s,]+?)\]?:(\d{1,5})$/;

/**
 * `REDIS_CLUSTER_NODES`: comma-separated `host:port` of some cluster
 * nodes; unset or empty means a single node at `REDIS_URL`.
 */
export const redisClusterNodes = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    const nodes: RedisNodeAddress[] = [];
    for (const item of value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const match = nodeAddress.exec(item);
      const port = Number(match?.[2]);
      if (!match || port < 1 || port > 65535) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not host:port` });
        return z.NEVER;
      }
      nodes.push({ host: match[1]!, port });
    }
    return nodes.length === 0 ? undefined : nodes;
  });

/**
 * ioredis reconnects on its own; these settings make it fail fast while the
 * server is away, so callers answer 503 at once rather than each waiting out
 * a timeout. A silent connection is given up after `silenceTimeoutMs`; while
 * reconnecting, commands fail at once instead of queueing (the offline queue
 * only serves the first connection, so start-up need not wait for `ready`).
 * In cluster mode a command meeting a failover is retried against the
 * promoted replica once the client has refreshed its slot map.
 */
export function createRedis(options: RedisOptions, logger: Logger): RedisClient {
  const nodeOptions = {
    keyPrefix: options.keyPrefix,
    connectionName: options.name,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    socketTimeout: options.silenceTimeoutMs ?? 1_000,
    connectTimeout: options.connectTimeoutMs ?? 1_000,
    enableReadyCheck: true,
  };
  const backoff = (attempt: number) => Math.min(50 * 2 ** attempt, 1_000);
  const tls = new URL(options.url).protocol === 'rediss:';
  const redis: RedisClient =
    options.clusterNodes === undefined
      ? new Redis(options.url, {
          ...nodeOptions,
          retryStrategy: backoff,
          enableAutoPipelining: options.autoPipelining ?? false,
        })
      : new Cluster([...options.clusterNodes], {
          keyPrefix: options.keyPrefix,
          clusterRetryStrategy: backoff,
          enableReadyCheck: true,
          enableAutoPipelining: options.autoPipelining ?? false,
          // Writes and the scripts' reads go to masters: a replica may lag behind.
          scaleReads: 'master',
          retryDelayOnFailover: 200,
          retryDelayOnClusterDown: 200,
          slotsRefreshTimeout: 2_000,
          // With TLS, connect to the names the cluster announces so certificates match them (ElastiCache).
          ...(tls
            ? { dnsLookup: (address: string, done: (error: null, address: string) => void) => done(null, address) }
            : {}),
          redisOptions: { ...nodeOptions, ...credentialsOf(options.url) },
        });
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn({ err: error }, 'redis: connection failed');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('redis: connection restored');
    down = false;
    // ioredis reads this option on every command: once connected, a command
    // sent while the connection is being re-established fails at once.
    redis.options.enableOfflineQueue = false;
  });
  return redis;
}

function credentialsOf(url: string): { username?: string; password?: string; tls?: object } {
  const parsed = new URL(url);
  return {
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

export async function pingRedis(redis: RedisClient): Promise<void> {
  if (redis.status !== 'ready') throw new Error(`redis is ${redis.status}`);
  await redis.ping();
}

export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
