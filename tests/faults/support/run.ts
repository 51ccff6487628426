import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, createRabbit, createRedis, parkedQueueName } from '@ticketing/common';
import { testAmqpUrl, testRedisUrl } from '@ticketing/common/testing';
import {
  connectBookingTestDatabase,
  holdInvariants,
  readDevLedger,
  readSaleAudit,
  type SaleAudit,
} from '@ticketing/booking/testing';
import { generateSigningKey } from '@ticketing/identity';
import { notifierConfigShape } from '@ticketing/notifier';
import { createMailStore, startCatcherSmtp } from '@ticketing/notifier/testing';
import { dropKeys } from '@ticketing/waiting-room/testing';
import { cleanupStack } from '../../e2e/support/cleanup.ts';
import { startStack } from '../../browser/support/stack.ts';
import { injectFaults, planFaults, type Fault, type InjectedFault } from './chaos.ts';
import { loadTestUser, runFan, type FanRecord } from './fans.ts';
import { send, sleep } from './http.ts';
import { checkInvariants, type Check, type Evidence } from './invariants.ts';
import type { Profile } from './profiles.ts';
import { seededRandom } from './random.ts';
import { createFaultSale, type FaultSale } from './sale.ts';
import { startStoreProxies } from './stores.ts';
import { textTable } from './table.ts';

export interface FaultRun {
  seed: number;
  profile: Profile['name'];
  faults: InjectedFault[];
  checks: Check[];
  fans: FanRecord[];
  /** The two tables, as printed. */
  report: string;
  ok: boolean;
  logFile: string;
}

const root = fileURLToPath(new URL('../../../', import.meta.url));
const quiet = createLogger('faults', 'silent');

/**
 * One run of the fault suite: a stack of its own behind store proxies, a
 * sale with many fans while every role is killed and every store cut, then,
 * once everything is back and has settled, the invariants.
 */
export async function runFaultSuite(profile: Profile, seed: number, log: (line: string) => void): Promise<FaultRun> {
  const random = seededRandom(seed);
  const cleanup = cleanupStack();
  await mkdir(join(root, 'test-artifacts', 'faults'), { recursive: true });
  const logFile = join(root, 'test-artifacts', 'faults', `${profile.name}-${seed}.log`);
  const processLog = createWriteStream(logFile);
  cleanup.add('process log', () => new Promise<void>((resolve) => processLog.end(resolve)));
  try {
    const folder = await mkdtemp(join(tmpdir(), 'ticketing-faults-'));
    cleanup.add('temporary folder', () => rm(folder, { recursive: true, force: true }));
    const ledgerFile = join(folder, 'payments-ledger.jsonl');
    const mailStore = createMailStore(100_000);
    const smtp = await startCatcherSmtp(mailStore, 0);
    cleanup.add('smtp server', () => smtp.close());
    const proxies = await startStoreProxies(cleanup);
    // The notifier's own retry delays, not the brisk ones other stack tests use: the suite tries what is deployed.
    const notifierRetryDelays = notifierConfigShape.NOTIFIER_RETRY_DELAYS_MS.parse(undefined);
    // A fixed identity key, so tokens issued before the provider is killed still verify after.
    const identityKeys = JSON.stringify({ keys: [await generateSigningKey()] });

    let sale: FaultSale | undefined;
    log(`starting the stack (profile ${profile.name}, seed ${seed})`);
    const stack = await startStack(
      'faults',
      cleanup,
      async (databaseUrl) => {
        sale = await createFaultSale(databaseUrl, {
          seats: profile.seats,
          holdSeconds: profile.holdSeconds,
          releaseRatePerMinute: profile.releaseRatePerMinute,
          maxActive: profile.maxActive,
          perUserLimit: 2,
        });
      },
      {
        site: false,
        without: ['mail'],
        env: (databaseUrl) => ({
          ...proxies.env(databaseUrl),
          SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
          DEV_PAYMENTS_LEDGER: ledgerFile,
          IDENTITY_SIGNING_KEYS: identityKeys,
          NOTIFIER_RETRY_DELAYS_MS: notifierRetryDelays.join(','),
          LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
        }),
        // Killed on purpose, often, and sometimes while a store is cut: always started again, soon.
        restart: { initialDelayMs: 250, maxDelayMs: 2_000, rapidCrashMs: 1_000, maxRapidCrashes: 1_000 },
        onLine: (role, line) => processLog.write(`${role} | ${line}\n`),
      },
    );
    if (sale === undefined) throw new Error('the sale was not created');
    const theSale: FaultSale = sale;

    const plan = planFaults(random.fork(), {
      roles: stack.roles,
      windowMs: profile.windowMs,
      killsPerRole: profile.killsPerRole,
      cutMs: profile.cutMs,
      killGapMs: profile.killGapMs,
    });
    log(`fault plan (seed ${seed}): ${plan.map(describeFault).join('; ')}`);

    const runStartedAt = Date.now();
    const deadline = runStartedAt + profile.windowMs + profile.tailMs;
    const fanRandom = random.fork();
    const fans = Promise.all(
      Array.from({ length: profile.fans }, async (_, i) => {
        const own = fanRandom.fork();
        await sleep(own.int(0, profile.arrivalMs));
        return runFan(
          {
            baseUrls: { waitingRoom: stack.urls.waitingRoom, booking: stack.urls.booking },
            issuer: stack.issuer,
            sale: theSale,
            holdSeconds: profile.holdSeconds,
            slowPayerShare: profile.slowPayerShare,
            requestTimeoutMs: profile.requestTimeoutMs,
            deadline,
          },
          loadTestUser(i + 1),
          own,
        );
      }),
    );
    const faults = await injectFaults(plan, { ...stack, proxies }, log);
    proxies.restoreAll();
    log('every fault injected and ended; waiting for the fans');
    const fanRecords = await fans;
    await writeFile(
      logFile.replace(/\.log$/, '.fans.json'),
      JSON.stringify({ runStartedAt, fans: fanRecords }, null, 1),
    );
    log(`fans done: ${summarizeFans(fanRecords)}`);

    // Settling: every role up, the outbox published, payments settled, mails out, holds lapsed, catalog caught up.
    const booking = await connectBookingTestDatabase(stack.databaseUrl);
    cleanup.add('audit connection', () => booking.close());
    const redis = createRedis({ url: testRedisUrl, name: 'faults-audit' }, quiet);
    cleanup.add('audit redis', () => redis.disconnect());
    const rabbit = createRabbit(testAmqpUrl, quiet, 'faults-audit');
    cleanup.add('audit rabbitmq', () => rabbit.close());
    const parked = async (): Promise<Record<string, number>> => {
      const depths: Record<string, number> = {};
      for (const [consumer, queue] of Object.entries(stack.names.queues)) {
        try {
          depths[consumer] = (await rabbit.queueDeclare({ queue: parkedQueueName(queue), passive: true })).messageCount;
        } catch {
          depths[consumer] = Number.NaN;
        }
      }
      return depths;
    };
    const catalogSeats = async (): Promise<Evidence['catalog']> => {
      const reply = await send<{ seats?: Record<string, string> }>(
        stack.urls.catalog,
        'GET',
        `/events/${theSale.eventId}/availability`,
        { timeoutMs: profile.requestTimeoutMs },
      );
      if (reply.kind === 'unknown') return { unavailable: reply.reason };
      if (reply.status !== 200 || reply.body.seats === undefined) return { unavailable: `answered ${reply.status}` };
      return reply.body.seats;
    };
    const gather = async (): Promise<Evidence> => {
      const audit: SaleAudit = await readSaleAudit(booking.sql(), theSale.eventId);
      const keys = dropKeys(stack.names.prefixes.waitingRoom, theSale.dropId);
      const events = (await redis.xrange(keys.events, '-', '+')) as Array<[string, string[]]>;
      const admissions = events.flatMap(([, fields]) => {
        const entry = new Map<string, string>();
        for (let i = 0; i + 1 < fields.length; i += 2) entry.set(fields[i] ?? '', fields[i + 1] ?? '');
        const user = entry.get('user');
        return entry.get('type') === 'admitted' && user !== undefined ? [user] : [];
      });
      return {
        fans: fanRecords,
        audit,
        holds: await holdInvariants(booking.sql(), theSale.dropId),
        ledger: await readDevLedger(ledgerFile),
        mails: mailStore.list(),
        catalog: await catalogSeats(),
        admissions,
        parked: await parked(),
      };
    };
    const settleBy = Date.now() + profile.drainMs;
    let evidence = await gather();
    let waiting = unsettled(
      evidence,
      stack.roles.filter((role) => stack.state(role) !== 'running'),
    );
    while (waiting.length > 0 && Date.now() < settleBy) {
      await sleep(1_000);
      evidence = await gather();
      waiting = unsettled(
        evidence,
        stack.roles.filter((role) => stack.state(role) !== 'running'),
      );
    }
    log(waiting.length === 0 ? 'settled' : `still not settled after ${profile.drainMs} ms: ${waiting.join('; ')}`);

    const checks = checkInvariants(evidence);
    const down = stack.roles.filter((role) => stack.state(role) !== 'running');
    checks.push({
      invariant: 'every role is running again',
      ok: down.length === 0,
      detail: down.length === 0 ? `${stack.roles.length} roles` : `down: ${down.join(', ')}`,
    });
    const report = [
      `Faults injected (seed ${seed}, profile ${profile.name}):`,
      textTable(
        ['at', 'fault', 'target', 'outcome'],
        faults.map(({ fault, outcome, ok }) => [
          `${(fault.atMs / 1_000).toFixed(1)}s`,
          fault.kind === 'kill' ? 'SIGKILL' : `${fault.mode} ${(fault.forMs / 1_000).toFixed(1)}s`,
          fault.kind === 'kill' ? fault.role : fault.store,
          ok ? outcome : `FAILED: ${outcome}`,
        ]),
      ),
      '',
      `Fans: ${summarizeFans(fanRecords)}`,
      'Requests unanswered or answered 5xx (retried by the fan; a 500 is a finding, not a failed invariant):',
      failureTable(fanRecords),
      '',
      'Invariants:',
      textTable(
        ['invariant', 'result', 'detail'],
        checks.map((check) => [check.invariant, check.ok ? 'pass' : 'FAIL', check.detail]),
      ),
    ].join('\n');
    return {
      seed,
      profile: profile.name,
      faults,
      checks,
      fans: fanRecords,
      report,
      ok: checks.every((check) => check.ok) && faults.every((fault) => fault.ok),
      logFile,
    };
  } finally {
    await cleanup.run();
  }
}

function describeFault(fault: Fault): string {
  const at = `${(fault.atMs / 1_000).toFixed(1)}s`;
  return fault.kind === 'kill'
    ? `${at} kill ${fault.role}`
    : `${at} ${fault.store} ${fault.mode} ${(fault.forMs / 1_000).toFixed(1)}s`;
}

/** The 5xx answers and unanswered requests fans met, by step and answer, most frequent first. */
function failureTable(fans: readonly FanRecord[]): string {
  const counts = new Map<string, { step: string; what: string; n: number }>();
  for (const failure of fans.flatMap((fan) => fan.failures)) {
    const key = `${failure.step}|${failure.what}`;
    const row = counts.get(key) ?? { step: failure.step, what: failure.what, n: 0 };
    row.n += 1;
    counts.set(key, row);
  }
  const rows = [...counts.values()].sort((a, b) => b.n - a.n);
  if (rows.length === 0) return 'Every request was answered, none with a 5xx.';
  return textTable(
    ['step', 'answer', 'count'],
    rows.map((row) => [row.step, row.what, String(row.n)]),
  );
}

function summarizeFans(fans: readonly FanRecord[]): string {
  const counts = new Map<string, number>();
  for (const fan of fans) counts.set(fan.outcome, (counts.get(fan.outcome) ?? 0) + 1);
  const unknown = fans.reduce((sum, fan) => sum + fan.unknownReplies, 0);
  const errors = fans.reduce((sum, fan) => sum + fan.serverErrors, 0);
  return `${[...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ')}; ${unknown} requests unanswered (refused, reset or timed out), ${errors} answered 5xx`;
}

/** What the platform has yet to finish after the faults, if anything. */
function unsettled(evidence: Evidence, down: string[]): string[] {
  const { audit } = evidence;
  const waiting: string[] = [];
  if (down.length > 0) waiting.push(`roles down: ${down.join(', ')}`);
  if (audit.unpublished > 0) waiting.push(`${audit.unpublished} outbox rows unpublished`);
  if (audit.activeHolds > 0) waiting.push(`${audit.activeHolds} holds active`);
  const queued = audit.orders.filter((o) => o.paymentStatus === 'capture_queued').length;
  if (queued > 0) waiting.push(`${queued} captures queued`);
  const mailed = new Set(
    evidence.mails.flatMap((mail) => mail.attachments.map((a) => /^ticket-([0-9a-f-]{36})-/.exec(a.cid ?? '')?.[1])),
  );
  const paid = audit.orders.filter((o) => o.status === 'paid');
  const unmailed = paid.filter((o) => !audit.tickets.some((t) => t.orderId === o.orderId && mailed.has(t.ticketId)));
  if (unmailed.length > 0) waiting.push(`${unmailed.length} paid orders not mailed`);
  const parked = Object.entries(evidence.parked).filter(([, n]) => n !== 0);
  if (parked.length > 0) waiting.push(`parked: ${parked.map(([queue, n]) => `${queue} ${n}`).join(', ')}`);
  if ('unavailable' in evidence.catalog) waiting.push(`catalog: ${evidence.catalog.unavailable}`);
  else {
    const shown = evidence.catalog;
    const differ = audit.seats.filter((seat) => (shown[seat.seatId] ?? 'available') !== seat.status).length;
    if (differ > 0) waiting.push(`catalog differs on ${differ} seats`);
  }
  return waiting;
}
