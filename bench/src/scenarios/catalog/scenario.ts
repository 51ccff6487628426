import pg from 'pg';
import { Redis } from 'ioredis';
import {
  createEventPublisher,
  createLogger,
  createRabbit,
  deleteQueueTopology,
  queueTopology,
} from '@ticketing/common';
import { createTestDatabase, testAmqpUrl, testRedisUrl, uniqueName } from '@ticketing/common/testing';
import { createWorld, migrateTestDatabase } from '@ticketing/booking/testing';
import { openSse } from '@ticketing/catalog/testing';
import { driveHolds, type HoldDriverResult } from './holds.ts';
import { percentile, round } from '../../lib/load.ts';
import { hammer, type LoadResult } from './load.ts';
import { freePort, startChild, waitFor, type Child } from './processes.ts';
import { environment } from '../../lib/report.ts';

export interface CatalogBenchOptions {
  seats: number;
  /** Seconds of load per read kind, split over `rounds` turns. */
  readSeconds: number;
  rounds: number;
  connections: number;
  holdSeconds: number;
  holdsPerSecond: number;
  streamClients: number;
  /** The storm phase: seat changes per second (holds and releases, each counting its seats). */
  stormChangesPerSecond: number;
  stormSeatsPerHold: number;
  stormSeconds: number;
}

export const defaultCatalogBenchOptions: CatalogBenchOptions = {
  seats: 2_000,
  readSeconds: 12,
  rounds: 3,
  connections: 32,
  holdSeconds: 15,
  holdsPerSecond: 100,
  streamClients: 20,
  stormChangesPerSecond: 1_500,
  stormSeatsPerHold: 6,
  stormSeconds: 12,
};

interface Propagation {
  mode: 'outbox relay' | 'direct publish';
  driver: HoldDriverResult;
  deltasReceived: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface StageFigures {
  count: number;
  sum: number;
  /** Observations at or under 0.25 s. */
  within250ms: number;
}

/** The catalog's own propagation histogram (commit → cache, commit → written to streams), by stage. */
async function propagationStages(base: string): Promise<Record<'cache' | 'stream', StageFigures>> {
  const lines = (await (await fetch(`${base}/metrics`)).text()).split('\n');
  // Labels in any order (the registry adds its own), so each line is matched by name and the labels wanted.
  const figure = (series: string, labels: string[]) => {
    const line = lines.find(
      (l) => l.startsWith(`catalog_propagation_seconds_${series}{`) && labels.every((label) => l.includes(label)),
    );
    return Number(line?.split(' ').at(-1) ?? 0);
  };
  const of = (stage: string): StageFigures => ({
    count: figure('count', [`stage="${stage}"`]),
    sum: figure('sum', [`stage="${stage}"`]),
    within250ms: figure('bucket', [`stage="${stage}"`, 'le="0.25"']),
  });
  return { cache: of('cache'), stream: of('stream') };
}

function stagesBetween(
  before: Record<'cache' | 'stream', StageFigures>,
  after: Record<'cache' | 'stream', StageFigures>,
) {
  const one = (stage: 'cache' | 'stream') => {
    const count = after[stage].count - before[stage].count;
    return {
      observations: count,
      meanMs: count > 0 ? round(((after[stage].sum - before[stage].sum) / count) * 1000, 1) : 0,
      shareWithin250ms: count > 0 ? round((after[stage].within250ms - before[stage].within250ms) / count, 3) : 0,
    };
  };
  return { commitToCache: one('cache'), commitToStreams: one('stream') };
}

function propagationOf(mode: Propagation['mode'], driver: HoldDriverResult, delays: number[]): Propagation {
  delays.sort((a, b) => a - b);
  return {
    mode,
    driver,
    deltasReceived: delays.length,
    p50Ms: percentile(delays, 0.5),
    p95Ms: percentile(delays, 0.95),
    p99Ms: percentile(delays, 0.99),
    maxMs: delays.at(-1) ?? 0,
  };
}

/**
 * The catalog scenario: availability reads/s with and without ETag, a bare
 * Koa route serving a constant from Redis as the baseline (same machine,
 * same run, same body size), and the delay from booking's commit to a
 * stream client while holds are being made.
 */
export async function runCatalogBenchmark(options: CatalogBenchOptions = defaultCatalogBenchOptions) {
  const name = uniqueName('bench-catalog');
  const db = await createTestDatabase('bench_catalog');
  await migrateTestDatabase(db.url);
  // Enough connections for the storm's holds and releases to overlap while the machine is busy.
  const pool = new pg.Pool({ connectionString: db.url, max: 24 });
  // An idle connection the server drops is replaced on the next checkout; it must not end the run.
  pool.on('error', (error) => process.stderr.write(`catalog bench: idle database connection lost: ${error.message}\n`));
  const redis = new Redis(testRedisUrl);
  const logger = createLogger('bench', 'warn');
  const rabbit = createRabbit(testAmqpUrl, logger, 'bench-catalog');
  const names = { exchange: `${name}.events`, deadLetterExchange: `${name}.dlx` };
  const children: Child[] = [];
  try {
    const world = await createWorld(pool, {
      reserved: Math.round(options.seats * 0.9),
      general: Math.round(options.seats * 0.1),
    });
    const sharedEnv = {
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl,
      AMQP_URL: testAmqpUrl,
      EVENTS_EXCHANGE: names.exchange,
      EVENTS_DEAD_LETTER_EXCHANGE: names.deadLetterExchange,
      LOG_LEVEL: 'warn',
    };
    const catalogPort = await freePort();
    const catalog = startChild('catalog/src/main.ts', {
      ...sharedEnv,
      CATALOG_PORT: String(catalogPort),
      CATALOG_REDIS_PREFIX: `${name}:`,
      CATALOG_QUEUE: `${name}.availability`,
    });
    children.push(catalog);
    const base = `http://127.0.0.1:${catalogPort}`;
    await waitFor(catalog, async () => (await fetch(`${base}/ready`)).ok, 'catalog');

    // Outbox relay from booking, when it runs here; otherwise publish right after commit.
    let publish: Parameters<typeof driveHolds>[0]['publish'] = { mode: 'outbox' };
    const relay = startChild('booking/src/relay.ts', { ...sharedEnv, LOG_LEVEL: 'info', RELAY_PORT: '0' });
    children.push(relay);
    try {
      await waitFor(relay, () => relay.lines.some((l) => l.includes('relay running')), 'relay');
    } catch (error) {
      process.stderr.write(`catalog bench: booking's relay is not usable (${String(error)}); publishing directly\n`);
      publish = { mode: 'direct', publisher: createEventPublisher({ connection: rabbit, names }) };
    }

    const availabilityUrl = `${base}/events/${world.eventId}/availability`;
    await waitFor(
      catalog,
      async () => {
        const body = (await (await fetch(availabilityUrl)).json()) as { lastEventId: string | null };
        return body.lastEventId !== null;
      },
      'availability cache',
    );
    const first = await fetch(availabilityUrl);
    const etag = first.headers.get('etag') ?? '';
    const body = await first.text();

    const baselineKey = `${name}:baseline`;
    await redis.set(baselineKey, body);
    const baselinePort = await freePort();
    const baseline = startChild('bench/src/scenarios/catalog/baseline-server.ts', {
      BASELINE_PORT: String(baselinePort),
      BASELINE_KEY: baselineKey,
      REDIS_URL: testRedisUrl,
    });
    children.push(baseline);
    await waitFor(baseline, async () => (await fetch(`http://127.0.0.1:${baselinePort}/`)).ok, 'baseline');

    // The three read kinds take turns, round after round, so a disturbance on
    // the machine hits them alike; each kind reports its median round.
    const load = { connections: options.connections, durationMs: (options.readSeconds * 1000) / options.rounds };
    const warm = { connections: options.connections, durationMs: 1_000 };
    await hammer(availabilityUrl, warm);
    await hammer(`http://127.0.0.1:${baselinePort}/`, warm);
    const rounds: Array<{ noEtag: LoadResult; withEtag: LoadResult; baseline: LoadResult }> = [];
    for (let round = 0; round < options.rounds; round++) {
      rounds.push({
        noEtag: await hammer(availabilityUrl, load),
        withEtag: await hammer(availabilityUrl, { ...load, headers: () => ({ 'If-None-Match': etag }) }),
        baseline: await hammer(`http://127.0.0.1:${baselinePort}/`, load),
      });
    }
    const median = (kind: 'noEtag' | 'withEtag' | 'baseline'): LoadResult => {
      const sorted = rounds.map((r) => r[kind]).sort((a, b) => a.perSecond - b.perSecond);
      return sorted[Math.floor(sorted.length / 2)] as LoadResult;
    };
    const noEtag = median('noEtag');
    const withEtag = median('withEtag');
    const baselineResult = median('baseline');

    // Stream clients, then holds; every delta's delay is measured on arrival.
    let delays: number[] = [];
    let streaming = true;
    const clients = await Promise.all(
      Array.from({ length: options.streamClients }, () => openSse(`${availabilityUrl}/stream`)),
    );
    for (const client of clients) {
      void (async () => {
        while (streaming) {
          const event = await client.next();
          if (event.event !== 'delta') continue;
          const occurredAt = (JSON.parse(event.data) as { occurredAt: number }).occurredAt;
          delays.push(Date.now() - occurredAt);
        }
      })();
    }
    const [driver, duringHolds] = await Promise.all([
      driveHolds({
        pool,
        world,
        rate: options.holdsPerSecond,
        durationMs: options.holdSeconds * 1000,
        holdMs: 2_000,
        publish,
      }),
      hammer(availabilityUrl, { connections: 8, durationMs: options.holdSeconds * 1000 }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const mode = publish.mode === 'outbox' ? 'outbox relay' : 'direct publish';
    const propagation = propagationOf(mode, driver, delays);

    // The storm: at least 1,000 seat changes/s, reads with the same connections
    // as the quiet round measured right before it, the streams still open.
    const stormLoad = { connections: options.connections, durationMs: options.stormSeconds * 1000 };
    const quiet = await hammer(availabilityUrl, stormLoad);
    delays = [];
    const stagesBefore = await propagationStages(base);
    const [stormDriver, stormReads] = await Promise.all([
      driveHolds({
        pool,
        world,
        rate: options.stormChangesPerSecond / (2 * options.stormSeatsPerHold),
        seatsPerHold: options.stormSeatsPerHold,
        durationMs: options.stormSeconds * 1000,
        holdMs: 1_000,
        publish,
      }),
      hammer(availabilityUrl, stormLoad),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const storm = {
      propagation: propagationOf(mode, stormDriver, delays),
      stages: stagesBetween(stagesBefore, await propagationStages(base)),
      changesPerSecond: round(stormDriver.seatChanges / stormDriver.seconds, 1),
      quietReads: quiet,
      reads: stormReads,
      readsRatio: round(stormReads.perSecond / quiet.perSecond, 2),
    };
    streaming = false;
    for (const client of clients) client.close();
    if (publish.mode === 'direct') await publish.publisher.close();

    const report = {
      scenario: 'catalog',
      at: new Date().toISOString(),
      environment: environment(),
      options,
      documentBytes: Buffer.byteLength(body),
      reads: { noEtag, withEtag, baseline: baselineResult, noEtagWhileHolding: duringHolds },
      readRounds: rounds.map((r) => ({
        noEtag: Math.round(r.noEtag.perSecond),
        withEtag: Math.round(r.withEtag.perSecond),
        baseline: Math.round(r.baseline.perSecond),
      })),
      ratios: {
        noEtagToBaseline: round(noEtag.perSecond / baselineResult.perSecond, 2),
        withEtagToBaseline: round(withEtag.perSecond / baselineResult.perSecond, 2),
        withEtagToNoEtag: round(withEtag.perSecond / noEtag.perSecond, 2),
      },
      propagation,
      storm,
    };
    return report;
  } finally {
    for (const child of children.reverse()) await child.stop();
    await deleteQueueTopology(rabbit, queueTopology(`${name}.availability`, [], [500, 5_000, 30_000], names));
    await rabbit.exchangeDelete({ exchange: names.exchange });
    await rabbit.exchangeDelete({ exchange: names.deadLetterExchange });
    await rabbit.close();
    const keys = await redis.keys(`${name}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await pool.end();
    await db.drop();
  }
}

export type CatalogReport = Awaited<ReturnType<typeof runCatalogBenchmark>>;
