import { createLogger } from '@ticketing/common';
import {
  createBookingTestDatabase,
  createRawHoldPath,
  startBookingProcess,
  startTestIdentity,
  type BookingProcess,
} from '@ticketing/booking/testing';
import { round, summarize, type LoadSummary } from '../../lib/load.ts';
import { positiveIntegerFlags } from '../../lib/flags.ts';
import { environment, writeReport } from '../../lib/report.ts';
import { httpContention, httpThroughput, createPools } from './http-load.ts';
import { rawContention, rawThroughput } from './raw-load.ts';
import { renderMarkdown } from './render.ts';
import { createBenchSale, createFans, inventoryOf, type Inventory } from './world.ts';

export const description = 'seat holds: contention and throughput over HTTP, against the same transaction on bare pg';

const defaults = {
  processes: 2,
  'db-pool': 10,
  'contention-seats': 200,
  'contention-fans': 200,
  'contention-attempts': 5000,
  seats: 20000,
  concurrency: 64,
  fans: 5000,
  'lock-timeout-ms': 5000,
};

export interface Phase {
  name: string;
  http: LoadSummary;
  raw: LoadSummary;
  httpInventory: Inventory;
  rawInventory: Inventory;
  /** HTTP successes per second over raw successes per second. */
  ratio: number;
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
    fans: flags.fans,
    lockTimeoutMs: flags['lock-timeout-ms'],
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
    const warmupFans = await createFans(identity, warmup, 125, 'warm');
    const contentionFans = await createFans(identity, contention, settings.contentionFans, 'contender');
    const throughputFans = await createFans(identity, throughput, Math.ceil(settings.seats / 4), 'buyer');

    log('warming up');
    await httpThroughput(pools, warmup, warmupFans, settings.concurrency);
    await rawThroughput(raw, warmupRaw, 125, settings.concurrency);

    const phases: Phase[] = [];
    log(
      `contention: ${settings.contentionAttempts} attempts by ${settings.contentionFans} fans on ${settings.contentionSeats} seats`,
    );
    const contentionExpected = ['201', '409 seat_unavailable'];
    const httpC = summarize(
      await httpContention(pools, contention, contentionFans, settings.contentionAttempts),
      '201',
      contentionExpected,
    );
    const rawC = summarize(
      await rawContention(raw, contentionRaw, settings.contentionFans, settings.contentionAttempts),
      '201',
      contentionExpected,
    );
    phases.push({
      name: 'contention',
      http: httpC,
      raw: rawC,
      httpInventory: await inventoryOf(em(), contention.dropId),
      rawInventory: await inventoryOf(em(), contentionRaw.dropId),
      ratio: round(httpC.attemptsPerSecond / rawC.attemptsPerSecond, 3),
    });

    log(`throughput: ${settings.seats} holds on distinct seats at concurrency ${settings.concurrency}`);
    const httpT = summarize(await httpThroughput(pools, throughput, throughputFans, settings.concurrency), '201', [
      '201',
    ]);
    const rawT = summarize(
      await rawThroughput(raw, throughputRaw, throughputFans.length, settings.concurrency),
      '201',
      ['201'],
    );
    phases.push({
      name: 'throughput',
      http: httpT,
      raw: rawT,
      httpInventory: await inventoryOf(em(), throughput.dropId),
      rawInventory: await inventoryOf(em(), throughputRaw.dropId),
      ratio: round(httpT.successesPerSecond / rawT.successesPerSecond, 3),
    });
    await Promise.all(pools.map((p) => p.close()));

    const report = {
      scenario: 'holds',
      at: new Date().toISOString(),
      environment: { ...environment(), postgres },
      settings: { ...settings, rawConnections },
      phases,
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
