import { createLogger } from '@ticketing/common';
import {
  createBookingTestDatabase,
  createRawHoldPath,
  preparePgbenchHolds,
  releaseCommitShapes,
  startBookingProcess,
  startTestIdentity,
  type BookingProcess,
} from '@ticketing/booking/testing';
import os from 'node:os';
import { measureCpu, type CpuSplit } from '../../lib/cpu.ts';
import { round, summarize, type LoadRun, type LoadSummary } from '../../lib/load.ts';
import { positiveIntegerFlags } from '../../lib/flags.ts';
import { combined, pgbench, type PgbenchResult } from '../../lib/pgbench.ts';
import { environment, writeReport } from '../../lib/report.ts';
import { httpContention, httpThroughput, createPools } from './http-load.ts';
import { rawContention, rawThroughput } from './raw-load.ts';
import { renderMarkdown } from './render.ts';
import { createBenchSale, createFans, inventoryOf, type Inventory } from './world.ts';

export const description =
  'seat holds: an ApexTick-shaped contention phase and throughput over HTTP, against the same call on bare pg, ' +
  'pgbench running that call, and pgbench running a minimal durable transaction';

const defaults = {
  processes: 2,
  'db-pool': 10,
  'contention-seats': 200,
  'contention-fans': 200,
  'contention-attempts': 5000,
  seats: 10000,
  concurrency: 64,
  'lock-timeout-ms': 5000,
  'pgbench-clients': 20,
  'pgbench-seconds': 5,
};

/** ApexTick's published figures for the same shape (200 fans, 5,000 attempts, 200 seats). */
export const apexTick = { attemptsPerSecond: 3_900, p95Ms: 146 };

export interface Phase {
  name: string;
  http: LoadSummary;
  raw: LoadSummary;
  /** CPU per attempt by process group, and the attempts per second it allows on this machine's cores. */
  httpCpu: CpuSplit;
  rawCpu: CpuSplit;
  httpInventory: Inventory;
  rawInventory: Inventory;
  /** HTTP over raw: attempts per second in contention, holds per second in throughput. */
  ratio: number;
}

/** The contention phase's rules: every seat won once, every loser a 409, nothing else. */
export interface ContentionCheck {
  wins: number;
  losersNot409: number;
  serverErrors: number;
  passed: boolean;
}

export interface Baselines {
  /** pgbench running the service's hold call on its own sale, one distinct seat per call. */
  holdCall: PgbenchResult;
  /** pgbench running one advisory lock and two outbox inserts per transaction. */
  minimalTransaction: PgbenchResult;
}

export async function run(args: string[]): Promise<void> {
  const flags = positiveIntegerFlags(args, defaults);
  const settings = {
    processes: flags.processes,
    dbPoolPerProcess: flags['db-pool'],
    contentionSeats: flags['contention-seats'],
    contentionFans: flags['contention-fans'],
    contentionAttempts: flags['contention-attempts'],
    seats: flags.seats,
    concurrency: flags.concurrency,
    lockTimeoutMs: flags['lock-timeout-ms'],
    pgbenchClients: flags['pgbench-clients'],
    pgbenchSeconds: flags['pgbench-seconds'],
  };
  // The raw baseline gets the same number of database connections as all booking processes together.
  const rawConnections = settings.processes * settings.dbPoolPerProcess;
  const log = (message: string) => process.stdout.write(`[holds] ${message}\n`);

  const db = await createBookingTestDatabase('bench_holds');
  const logger = createLogger('bench', 'silent');
  const identity = await startTestIdentity();
  const processes: BookingProcess[] = [];
  const raw = createRawHoldPath({
    databaseUrl: db.url,
    connections: rawConnections,
    lockTimeoutMs: settings.lockTimeoutMs,
    logger,
  });
  try {
    const em = () => db.sql();
    const [{ server_version: postgres } = { server_version: 'unknown' }] =
      await em().execute<Array<{ server_version: string }>>('SHOW server_version');
    log(`database ${new URL(db.url).pathname.slice(1)}; starting ${settings.processes} booking processes`);
    await Promise.all(
      Array.from({ length: settings.processes }, async () => {
        processes.push(
          await startBookingProcess({
            DATABASE_URL: db.url,
            DATABASE_POOL_SIZE: String(settings.dbPoolPerProcess),
            DATABASE_LOCK_TIMEOUT_MS: String(settings.lockTimeoutMs),
            ...identity.env(),
          }),
        );
      }),
    );
    const pools = createPools(
      processes.map((p) => p.url),
      Math.max(settings.concurrency, settings.contentionFans),
    );

    log('seeding sales and signing tokens');
    const contentionQueue = { seats: settings.contentionSeats, perUserLimit: 50, queue: true };
    const throughputQueue = { seats: settings.seats, perUserLimit: 4, queue: true };
    const warmup = await createBenchSale(em(), { seats: 500, perUserLimit: 4, queue: true });
    const warmupRaw = await createBenchSale(em(), { seats: 500, perUserLimit: 4, queue: true });
    const contention = await createBenchSale(em(), contentionQueue);
    const contentionRaw = await createBenchSale(em(), contentionQueue);
    const throughput = await createBenchSale(em(), throughputQueue);
    const throughputRaw = await createBenchSale(em(), throughputQueue);
    // pgbench's own copy: as many seats as its clients will take, one per transaction.
    const perClient = Math.max(1, Math.floor(settings.seats / settings.pgbenchClients));
    const throughputPgbench = await createBenchSale(em(), {
      ...throughputQueue,
      seats: perClient * settings.pgbenchClients,
    });
    const holdScript = await preparePgbenchHolds(em(), throughputPgbench, {
      fans: Math.ceil(throughputPgbench.seatIds.length / 4),
      maxSeats: 4,
    });
    const warmupFans = await createFans(identity, warmup, 125, 'warm');
    const contentionFans = await createFans(identity, contention, settings.contentionFans, 'contender');
    const throughputFans = await createFans(identity, throughput, Math.ceil(settings.seats / 4), 'buyer');

    log('warming up');
    await httpThroughput(pools, warmup, warmupFans, settings.concurrency);
    await rawThroughput(raw, warmupRaw, 125, settings.concurrency);

    const phases: Phase[] = [];
    const cores = os.cpus().length;
    const cpuSources = {
      service: () => processes.flatMap((p) => (p.child.pid === undefined ? [] : [p.child.pid])),
      database: async () =>
        (
          await em().execute<Array<{ pid: number }>>(
            'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          )
        ).map((r) => r.pid),
    };
    const measured = (phase: () => Promise<LoadRun>) =>
      measureCpu(cpuSources, cores, (run: LoadRun) => run.samples.length, phase);
    log(
      `contention (ApexTick's shape): ${settings.contentionAttempts} attempts by ${settings.contentionFans} fans on ${settings.contentionSeats} seats`,
    );
    const contentionExpected = ['201', '409 seat_unavailable'];
    const httpC = await measured(() => httpContention(pools, contention, contentionFans, settings.contentionAttempts));
    const rawC = await measured(() =>
      rawContention(raw, contentionRaw, settings.contentionFans, settings.contentionAttempts),
    );
    const contentionHttp = summarize(httpC.result, '201', contentionExpected);
    const contentionRawSummary = summarize(rawC.result, '201', contentionExpected);
    const contentionChecks = {
      http: checkContention(contentionHttp, settings.contentionSeats),
      raw: checkContention(contentionRawSummary, settings.contentionSeats),
    };
    phases.push({
      name: 'contention',
      http: contentionHttp,
      raw: contentionRawSummary,
      httpCpu: httpC.cpu,
      rawCpu: rawC.cpu,
      httpInventory: await inventoryOf(em(), contention.dropId),
      rawInventory: await inventoryOf(em(), contentionRaw.dropId),
      ratio: round(contentionHttp.attemptsPerSecond / contentionRawSummary.attemptsPerSecond, 3),
    });

    log(`throughput: ${settings.seats} holds on distinct seats at concurrency ${settings.concurrency}`);
    const httpTm = await measured(() => httpThroughput(pools, throughput, throughputFans, settings.concurrency));
    const rawTm = await measured(() => rawThroughput(raw, throughputRaw, throughputFans.length, settings.concurrency));
    const httpT = summarize(httpTm.result, '201', ['201']);
    const rawT = summarize(rawTm.result, '201', ['201']);
    phases.push({
      name: 'throughput',
      http: httpT,
      raw: rawT,
      httpCpu: httpTm.cpu,
      rawCpu: rawTm.cpu,
      httpInventory: await inventoryOf(em(), throughput.dropId),
      rawInventory: await inventoryOf(em(), throughputRaw.dropId),
      ratio: round(httpT.successesPerSecond / rawT.successesPerSecond, 3),
    });
    await Promise.all(pools.map((p) => p.close()));

    // Two rounds, each a minimal-transaction run then half of the hold calls, so that a change in the load of a
    // shared machine falls on both baselines alike.
    const holdRuns: PgbenchResult[] = [];
    const minimalRuns: PgbenchResult[] = [];
    for (const round of [1, 2]) {
      log(
        `pgbench round ${round}: a minimal durable transaction, ${settings.pgbenchClients} clients for ${settings.pgbenchSeconds} s`,
      );
      minimalRuns.push(
        await pgbench(db.url, releaseCommitShapes['after commit (now)'], {
          clients: settings.pgbenchClients,
          seconds: settings.pgbenchSeconds,
        }),
      );
      const calls = round === 1 ? Math.ceil(perClient / 2) : Math.floor(perClient / 2);
      log(`pgbench round ${round}: the hold call, ${settings.pgbenchClients} clients × ${calls} distinct seats`);
      if (calls > 0) {
        holdRuns.push(
          await pgbench(db.url, holdScript, { clients: settings.pgbenchClients, transactionsPerClient: calls }),
        );
      }
    }
    const holdCall = combined(holdRuns);
    const minimalTransaction = combined(minimalRuns);
    const baselines: Baselines = { holdCall, minimalTransaction };
    const pgbenchInventory = await inventoryOf(em(), throughputPgbench.dropId);

    const report = {
      scenario: 'holds',
      at: new Date().toISOString(),
      environment: { ...environment(), postgres },
      settings: { ...settings, rawConnections },
      phases,
      contentionChecks,
      baselines,
      pgbenchInventory,
      ratios: ratiosOf(phases, baselines),
      apexTick,
      processProblems: processes.flatMap((p) => p.problems).slice(0, 20),
    };
    const markdown = renderMarkdown(report);
    const files = await writeReport('holds', report, markdown);
    process.stdout.write(`\n${markdown}\nwritten: ${files.json.pathname} and ${files.markdown.pathname}\n`);
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await raw.close();
    await identity.close();
    await db.close();
  }
}

function checkContention(summary: LoadSummary, seats: number): ContentionCheck {
  const entries = Object.entries(summary.outcomes);
  const wins = summary.outcomes['201'] ?? 0;
  const losersNot409 = entries.filter(([o]) => o !== '201' && !o.startsWith('409')).reduce((n, [, c]) => n + c, 0);
  const serverErrors = entries.filter(([o]) => /^5\d\d/.test(o)).reduce((n, [, c]) => n + c, 0);
  return { wins, losersNot409, serverErrors, passed: wins === seats && losersNot409 === 0 && serverErrors === 0 };
}

export interface Ratios {
  /** Throughput over HTTP ÷ pgbench's hold call (goal ≥ 0.7). */
  httpToHoldCall: number;
  /** Throughput on the raw path ÷ pgbench's hold call. */
  rawToHoldCall: number;
  /** pgbench's hold call ÷ the minimal durable transaction (goal ≥ 0.4). */
  holdCallToMinimal: number;
  /** Contention over HTTP ÷ on the raw path, attempts per second (goal ≥ 0.8). */
  contentionHttpToRaw: number;
}

function ratiosOf(phases: readonly Phase[], baselines: Baselines): Ratios {
  const throughput = phases.find((p) => p.name === 'throughput');
  const contention = phases.find((p) => p.name === 'contention');
  const holdTps = baselines.holdCall.tps;
  return {
    httpToHoldCall: round((throughput?.http.successesPerSecond ?? 0) / holdTps, 3),
    rawToHoldCall: round((throughput?.raw.successesPerSecond ?? 0) / holdTps, 3),
    holdCallToMinimal: round(holdTps / baselines.minimalTransaction.tps, 3),
    contentionHttpToRaw: contention?.ratio ?? 0,
  };
}
