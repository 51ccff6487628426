import type { PgbenchResult } from '../../lib/pgbench.ts';
import { table } from '../../lib/report.ts';
import type { Environment } from '../../lib/report.ts';
import type { Inventory } from './world.ts';
import type { Baselines, ContentionCheck, Phase, Ratios } from './index.ts';

interface Report {
  at: string;
  environment: Environment & { postgres: string };
  settings: {
    processes: number;
    dbPoolPerProcess: number;
    rawConnections: number;
    contentionAttempts: number;
    contentionFans: number;
    contentionSeats: number;
    seats: number;
    concurrency: number;
    pgbenchClients: number;
    pgbenchSeconds: number;
  };
  phases: Phase[];
  contentionChecks: { http: ContentionCheck; raw: ContentionCheck };
  baselines: Baselines;
  pgbenchInventory: Inventory;
  ratios: Ratios;
  apexTick: { attemptsPerSecond: number; p95Ms: number };
  processProblems: string[];
}

const goal = (value: number, target: number) => `${value} ${value >= target ? '(reached)' : '(not reached)'}`;
const inventoryText = (i: Inventory) => `${i.activeHolds} holds, ${i.doublyHeld} doubly held, ${i.partial} partial`;
const pgbenchRow = (name: string, r: PgbenchResult) => [
  name,
  r.clients,
  r.transactions,
  Math.round(r.tps),
  r.latencyAverageMs.toFixed(1),
  r.failed,
];

/** The latest run as markdown: what ran, on what, and the figures side by side. */
export function renderMarkdown(report: Report): string {
  const env = report.environment;
  const s = report.settings;
  const r = report.ratios;
  const rows = report.phases.flatMap((phase) =>
    (['http', 'raw'] as const).map((path) => {
      const summary = phase[path];
      return [
        phase.name,
        path === 'http' ? `HTTP (${s.processes} processes)` : 'raw pg',
        summary.attempts,
        summary.attemptsPerSecond,
        summary.successes,
        summary.successesPerSecond,
        summary.latencyMs.p50,
        summary.latencyMs.p95,
        summary.latencyMs.p99,
        summary.errors,
        inventoryText(path === 'http' ? phase.httpInventory : phase.rawInventory),
      ];
    }),
  );
  const outcomes = report.phases.flatMap((phase) =>
    (['http', 'raw'] as const).map((path) => [
      phase.name,
      path,
      Object.entries(phase[path].outcomes)
        .map(([outcome, count]) => `${outcome}: ${count}`)
        .join(', '),
    ]),
  );
  const contention = report.phases.find((p) => p.name === 'contention');
  const checks = (['http', 'raw'] as const).map((path) => {
    const c = report.contentionChecks[path];
    return [path, c.wins, c.losersNot409, c.serverErrors, c.passed ? 'yes' : 'NO'];
  });
  return `# Benchmark: seat holds

Run ${report.at} with \`npm run bench -- holds\`.

Machine: ${env.cpus} × ${env.cpuModel}, ${env.memoryGb} GB, ${env.platform}; Node ${env.node}; PostgreSQL ${env.postgres}.
The booking processes, the load generator, pgbench and PostgreSQL share this machine (fsync on). The machine may be
shared with other work, so absolute figures are noisy: the ratios of one run are what count.

Settings: ${s.processes} booking processes with ${s.dbPoolPerProcess} database connections each; the raw path
uses ${s.rawConnections} connections. Contention (ApexTick's shape): ${s.contentionAttempts} attempts by
${s.contentionFans} concurrent fans, each with an admission token, on ${s.contentionSeats} seats, one random seat
each. Throughput: ${s.seats} holds of distinct seats at concurrency ${s.concurrency}, ${Math.ceil(s.seats / 4)} fans.
Every drop is behind the queue, so every HTTP hold also verifies an access token and an admission token.

The raw path sends the service's one call of \`place_hold\` straight through \`pg\`, without HTTP, token checks,
validation or the ORM. The pgbench baselines (${s.pgbenchClients} clients, a C client, no Node) run the same call on
their own copy of the data (one distinct seat per transaction), and a minimal durable transaction (one advisory
lock, two outbox inserts), in two rounds of ${s.pgbenchSeconds} s of the minimal transaction then half of the hold
calls, so that a change in the machine's load falls on both alike.

## Goals

| ratio (same run) | value | goal |
| --- | --- | --- |
| throughput over HTTP ÷ pgbench hold call | ${goal(r.httpToHoldCall, 0.7)} | ≥ 0.7 |
| throughput on the raw path ÷ pgbench hold call | ${r.rawToHoldCall} | — |
| pgbench hold call ÷ minimal durable transaction | ${goal(r.holdCallToMinimal, 0.4)} | ≥ 0.4 |
| contention over HTTP ÷ raw path (attempts/s) | ${goal(r.contentionHttpToRaw, 0.8)} | ≥ 0.8 |

ApexTick's shape over HTTP: ${contention?.http.attemptsPerSecond ?? '—'} attempts/s, p95 ${contention?.http.latencyMs.p95 ?? '—'} ms
(ApexTick publishes about ${report.apexTick.attemptsPerSecond.toLocaleString('en')}/s, p95 ${report.apexTick.p95Ms} ms).

| contention path | wins | losers not a 409 | 5xx | all rules kept |
| --- | --- | --- | --- | --- |
${checks.map((c) => `| ${c.join(' | ')} |`).join('\n')}

## Node paths

${table(
  [
    'phase',
    'path',
    'attempts',
    'attempts/s',
    'holds',
    'holds/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'errors',
    'inventory after',
  ],
  rows,
)}

## Where the CPU goes

CPU time (user + system, from /proc) per attempt, by process group: the booking processes, the load generator
(this bench's own process: the HTTP client, or the raw path's pg client), and the PostgreSQL backends of this run's
database. "attempts/s the CPU allows" is the attempts per second that cost allows if the machine's ${report.environment.cpus}
cores did nothing else: unlike attempts per second, it does not depend on what else the machine runs. The last two
columns are the time per attempt the main threads of the booking processes and of the load generator were ready to
run but waited for a core (/proc/<pid>/schedstat): time the machine took, not the code.

${table(
  [
    'phase',
    'path',
    'booking ms',
    'load generator ms',
    'PostgreSQL ms',
    'total ms',
    'attempts/s the CPU allows',
    'booking waiting for a core ms',
    'load generator waiting ms',
  ],
  report.phases.flatMap((phase) =>
    (['http', 'raw'] as const).map((path) => {
      const cpu = path === 'http' ? phase.httpCpu : phase.rawCpu;
      return [
        phase.name,
        path === 'http' ? 'HTTP' : 'raw pg',
        cpu.serviceMs,
        cpu.loadGeneratorMs,
        cpu.databaseMs,
        cpu.totalMs,
        cpu.ceilingPerSecond,
        cpu.serviceWaitMs,
        cpu.loadGeneratorWaitMs,
      ];
    }),
  ),
)}

## pgbench baselines

${table(
  ['baseline', 'clients', 'transactions', 'transactions/s', 'latency avg ms', 'failed'],
  [
    pgbenchRow('hold call (place_hold)', report.baselines.holdCall),
    pgbenchRow('minimal durable transaction', report.baselines.minimalTransaction),
  ],
)}

Inventory after the pgbench hold call: ${inventoryText(report.pgbenchInventory)}.

## Outcomes

${table(['phase', 'path', 'outcomes'], outcomes)}
${report.processProblems.length > 0 ? `\nWarnings logged by the booking processes (first 20):\n\n${report.processProblems.map((p) => `    ${p}`).join('\n')}\n` : ''}`;
}
