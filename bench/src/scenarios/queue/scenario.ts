import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createTestDatabase, deleteKeysWithPrefix } from '@ticketing/common/testing';
import { insertDrop, migrateTestDatabase } from '@ticketing/booking/testing';
import { dropKeys } from '@ticketing/waiting-room/testing';
import { startFanIdentity } from '@ticketing/waiting-room/testing';
import { environment, type Environment } from '../../lib/report.ts';
import { percentile, round, type LoadSummary } from '../../lib/load.ts';
import { freePort, startChild, waitFor, type Child } from '../catalog/processes.ts';
import { measureRawJoins } from './baseline.ts';
import { runDropScript, scripts } from '@ticketing/waiting-room/testing';
import type { JoinResult, MeasureResult, SocketsResult, SoldOutResult } from './protocol.ts';
import { startFanWorker, type FanWorker } from './worker-pool.ts';

export interface QueueBenchOptions {
  /** Instances the joins go to. */
  instances: number;
  /** Instances the sockets are spread over (at least `instances`): one process holds at most its file limit. */
  socketInstances: number;
  joinFans: number;
  socketFans: number;
  holdSeconds: number;
  ratePerMinute: number;
  workers: number;
  /** Requests in flight across all workers. */
  concurrency: number;
  pushMs: number;
}

export const defaultQueueBenchOptions: QueueBenchOptions = {
  instances: 2,
  socketInstances: 4,
  joinFans: 20_000,
  socketFans: 50_000,
  holdSeconds: 30,
  ratePerMinute: 6_000,
  workers: 4,
  concurrency: 256,
  pushMs: 1_000,
};

export interface QueueBenchReport {
  environment: Environment;
  options: QueueBenchOptions;
  baseline: LoadSummary;
  joins: {
    fans: number;
    seconds: number;
    perSecond: number;
    outcomes: Record<string, number>;
    latencyMs: Record<string, number>;
  };
  ratio: number;
  sockets: {
    requested: number;
    opened: number;
    failed: Record<string, number>;
    openSeconds: number;
    heldSeconds: number;
    messagesPerSecond: number;
    /** Resident memory and V8 heap added by the open sockets, per socket, over every instance (bytes). */
    memoryPerSocket: { rssBytes: number; heapBytes: number };
    updatedWithin2s: number;
    maxGapMs: Record<string, number>;
    closedDuringHold: number;
  };
  admission: {
    configuredPerMinute: number;
    achievedPerMinute: number;
    admittedInWindow: number;
    windowSeconds: number;
  };
  soldOut: { waitingSockets: number; told: number; toldWithin1s: number; latencyMs: Record<string, number> };
}

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const split = <T>(items: T[], parts: number) =>
  Array.from({ length: parts }, (_, p) => items.filter((_, i) => i % parts === p));
const log = (line: string) => process.stdout.write(`[queue] ${line}\n`);

/** Resident set (from /proc) and used V8 heap (from /metrics) summed over the instances. */
async function instancesMemory(children: readonly Child[], urls: readonly string[]) {
  let rssBytes = 0;
  let heapBytes = 0;
  for (const child of children) {
    const status = await readFile(`/proc/${child.process.pid}/status`, 'utf8');
    rssBytes += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  }
  for (const url of urls) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    // The registry adds its own labels (service="…").
    heapBytes += Number(/^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/m.exec(metrics)?.[1] ?? 0);
  }
  return { rssBytes, heapBytes };
}

export async function runQueueBenchmark(options: QueueBenchOptions): Promise<QueueBenchReport> {
  const prefix = `bench:queue:${randomBytes(4).toString('hex')}:`;
  const database = await createTestDatabase('bench_queue');
  await migrateTestDatabase(database.url);
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const identity = await startFanIdentity();
  const redis = new Redis(redisUrl);
  const children: Child[] = [];
  const workers: FanWorker[] = [];
  const limits = { JOIN_PER_IP_PER_MINUTE: '1000000000', STATUS_PER_IP_PER_MINUTE: '1000000000' };
  try {
    const joinDrop = await insertDrop(pool, { paused: true, size: options.joinFans });
    const baselineDrop = await insertDrop(pool, { paused: true, size: options.joinFans });
    const socketDrop = await insertDrop(pool, {
      releaseRatePerMinute: options.ratePerMinute,
      maxActive: 1_000_000,
      size: options.socketFans,
    });

    const urls: string[] = [];
    for (let i = 0; i < Math.max(options.instances, options.socketInstances); i++) {
      const port = await freePort();
      const child = startChild('waiting-room/src/main.ts', {
        WAITING_ROOM_PORT: String(port),
        WAITING_ROOM_REDIS_PREFIX: prefix,
        REDIS_URL: redisUrl,
        DATABASE_URL: database.url,
        AMQP_URL: amqpUrl,
        WAITING_ROOM_CONSUMER: 'false',
        OIDC_ISSUER: identity.issuer,
        OIDC_AUDIENCE: identity.audience,
        OIDC_JWKS_URL: identity.jwksUri,
        WS_PUSH_MS: String(options.pushMs),
        EVENTS_STREAM_LENGTH: '1000000',
        LOG_LEVEL: 'warn',
        ...limits,
      });
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitFor(child, async () => (await fetch(`${url}/health`)).ok, `waiting-room ${i + 1}`);
      urls.push(url);
    }
    log(`${urls.length} instances up: ${urls.join(', ')}`);
    const joinUrls = urls.slice(0, options.instances);
    for (let i = 0; i < options.workers; i++) workers.push(startFanWorker());
    await Promise.all(
      workers.map((w) =>
        w.send({ cmd: 'init', privateJwk: identity.privateJwk, issuer: identity.issuer, audience: identity.audience }),
      ),
    );
    // Every instance reads the drops once, so first-sight reads from PostgreSQL are not timed.
    for (const url of urls) for (const drop of [joinDrop, socketDrop]) await fetch(`${url}/drops/${drop.id}/fairness`);

    log(`raw Redis baseline: ${options.joinFans} joins straight from ioredis`);
    await fetch(`${urls[0]}/drops/${baselineDrop.id}/fairness`);
    const baseline = await measureRawJoins({
      redisUrl,
      prefix,
      dropId: baselineDrop.id,
      fans: options.joinFans,
      concurrency: options.concurrency,
      connections: options.instances,
      rules: [{ name: 'join', by: 'ip', limit: 1_000_000_000, windowSeconds: 60 }],
      joinsPerFanPerMinute: 20,
    });
    log(`baseline: ${baseline.successesPerSecond} joins/s`);

    log(`HTTP joins: ${options.joinFans} distinct fans over ${options.instances} instances`);
    const joinUsers = split(
      Array.from({ length: options.joinFans }, () => randomUUID()),
      options.workers,
    );
    await Promise.all(workers.map((w, i) => w.send({ cmd: 'prepare', userIds: joinUsers[i]! })));
    const perWorker = Math.max(1, Math.floor(options.concurrency / options.workers));
    const joinStarted = performance.now();
    const joinReplies = await Promise.all(
      workers.map((w) => w.send({ cmd: 'join', urls: joinUrls, dropId: joinDrop.id, concurrency: perWorker })),
    );
    const joinSeconds = (performance.now() - joinStarted) / 1000;
    const joinResults = joinReplies.map((r) => r.result as JoinResult);
    const outcomes: Record<string, number> = {};
    for (const r of joinResults) for (const [k, v] of Object.entries(r.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
    const latencies = joinResults.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const joined = outcomes['201'] ?? 0;
    const joins = {
      fans: options.joinFans,
      seconds: round(joinSeconds, 2),
      perSecond: round(joined / joinSeconds, 1),
      outcomes,
      latencyMs: {
        p50: round(percentile(latencies, 0.5), 2),
        p95: round(percentile(latencies, 0.95), 2),
        p99: round(percentile(latencies, 0.99), 2),
        max: round(latencies.at(-1) ?? 0, 2),
      },
    };
    log(`joins: ${joins.perSecond}/s (${JSON.stringify(outcomes)})`);

    log(`sockets: ${options.socketFans} fans join and hold a socket`);
    const socketUsers = split(
      Array.from({ length: options.socketFans }, () => randomUUID()),
      options.workers,
    );
    await Promise.all(workers.map((w, i) => w.send({ cmd: 'prepare', userIds: socketUsers[i]! })));
    const memoryBefore = await instancesMemory(children, urls);
    const openStarted = performance.now();
    const opened = (
      await Promise.all(
        workers.map((w) => w.send({ cmd: 'open-sockets', urls, dropId: socketDrop.id, concurrency: perWorker })),
      )
    ).map((r) => r.result as SocketsResult);
    const openSeconds = (performance.now() - openStarted) / 1000;
    const failed: Record<string, number> = {};
    for (const r of opened) for (const [k, v] of Object.entries(r.failed)) failed[k] = (failed[k] ?? 0) + v;
    const openCount = opened.reduce((n, r) => n + r.opened, 0);
    // Let the opening burst's garbage go before the idle sockets are weighed.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const memoryAfter = await instancesMemory(children, urls);
    const memoryPerSocket = {
      rssBytes: Math.round((memoryAfter.rssBytes - memoryBefore.rssBytes) / Math.max(1, openCount)),
      heapBytes: Math.round((memoryAfter.heapBytes - memoryBefore.heapBytes) / Math.max(1, openCount)),
    };
    log(
      `${openCount} sockets open in ${round(openSeconds, 1)} s (${JSON.stringify(memoryPerSocket)} per socket); holding ${options.holdSeconds} s`,
    );

    await Promise.all(workers.map((w) => w.send({ cmd: 'measure-start' })));
    const windowStart = Date.now();
    await new Promise((resolve) => setTimeout(resolve, options.holdSeconds * 1000));
    const measured = (await Promise.all(workers.map((w) => w.send({ cmd: 'measure-stop' })))).map(
      (r) => r.result as MeasureResult,
    );
    const windowEnd = Date.now();
    const gaps = measured.flatMap((m) => m.maxGaps).sort((a, b) => a - b);
    const messages = measured.reduce((n, m) => n + m.messages, 0);

    // Sold out, as booking's drop.inventory handler applies it: every waiting socket must hear it.
    log('sold out: announcing to every waiting socket');
    const announcedAt = Date.now();
    await runDropScript(redis, prefix, scripts.inventory, socketDrop.id, ['1', announcedAt, 0, 0]);
    let soldOutTimes: Array<number | null> = [];
    for (let i = 0; i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      soldOutTimes = (await Promise.all(workers.map((w) => w.send({ cmd: 'sold-out-times' })))).flatMap(
        (r) => (r.result as SoldOutResult).times,
      );
      if (soldOutTimes.every((t) => t !== null)) break;
    }
    const soldOutLatencies = soldOutTimes
      .filter((t): t is number => t !== null)
      .map((t) => t - announcedAt)
      .sort((a, b) => a - b);

    const events = await redis.xrange(dropKeys(prefix, socketDrop.id).events, String(windowStart), String(windowEnd));
    const admittedInWindow = events.filter(([, fields]) => fields[1] === 'admitted').length;
    const windowSeconds = (windowEnd - windowStart) / 1000;

    return {
      environment: environment(),
      options,
      baseline,
      joins,
      ratio: round(joins.perSecond / baseline.successesPerSecond, 3),
      sockets: {
        requested: options.socketFans,
        opened: openCount,
        failed,
        openSeconds: round(openSeconds, 2),
        heldSeconds: round(windowSeconds, 2),
        messagesPerSecond: round(messages / windowSeconds, 1),
        memoryPerSocket,
        updatedWithin2s: gaps.filter((g) => g <= 2_000).length,
        maxGapMs: {
          p50: round(percentile(gaps, 0.5), 1),
          p99: round(percentile(gaps, 0.99), 1),
          max: round(gaps.at(-1) ?? 0, 1),
        },
        closedDuringHold: measured.reduce((n, m) => n + m.closed, 0),
      },
      soldOut: {
        waitingSockets: soldOutTimes.length,
        told: soldOutLatencies.length,
        toldWithin1s: soldOutLatencies.filter((ms) => ms <= 1_000).length,
        latencyMs: {
          p50: round(percentile(soldOutLatencies, 0.5), 1),
          p99: round(percentile(soldOutLatencies, 0.99), 1),
          max: round(soldOutLatencies.at(-1) ?? 0, 1),
        },
      },
      admission: {
        configuredPerMinute: options.ratePerMinute,
        achievedPerMinute: round((admittedInWindow / windowSeconds) * 60, 1),
        admittedInWindow,
        windowSeconds: round(windowSeconds, 2),
      },
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(children.map((c) => c.stop()));
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
    await identity.close();
    await pool.end();
    await database.drop();
  }
}
