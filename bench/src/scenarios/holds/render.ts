import { table } from '../../lib/report.ts';
import type { Environment } from '../../lib/report.ts';
import type { Phase } from './index.ts';

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
  };
  phases: Phase[];
  processProblems: string[];
}

/** The latest run as markdown: what ran, on what, and the figures side by side. */
export function renderMarkdown(report: Report): string {
  const env = report.environment;
  const s = report.settings;
  const rows = report.phases.flatMap((phase) =>
    (['http', 'raw'] as const).map((path) => {
      const r = phase[path];
      const inventory = path === 'http' ? phase.httpInventory : phase.rawInventory;
      return [
        phase.name,
        path === 'http' ? `HTTP (${s.processes} processes)` : 'raw pg',
        r.attempts,
        r.attemptsPerSecond,
        r.successes,
        r.successesPerSecond,
        r.latencyMs.p50,
        r.latencyMs.p95,
        r.latencyMs.p99,
        r.errors,
        `${inventory.activeHolds} holds, ${inventory.doublyHeld} doubly held, ${inventory.partial} partial`,
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
  return `# Benchmark: seat holds

Run ${report.at} with \`npm run bench -- holds\`.

Machine: ${env.cpus} × ${env.cpuModel}, ${env.memoryGb} GB, ${env.platform}; Node ${env.node}; PostgreSQL ${env.postgres}.
The booking processes, the load generator and PostgreSQL share this machine.

Settings: ${s.processes} booking processes with ${s.dbPoolPerProcess} database connections each; the raw baseline
uses ${s.rawConnections} connections. Contention: ${s.contentionAttempts} attempts by ${s.contentionFans} concurrent fans
on ${s.contentionSeats} seats, one random seat each. Throughput: ${s.seats} holds of distinct seats at concurrency
${s.concurrency}, ${Math.ceil(s.seats / 4)} fans. Every drop is behind the queue, so every HTTP hold also verifies an
access token and an admission token.

The raw baseline sends the very statements the service runs for a hold (context read, then lock and write
in one transaction) straight through \`pg\`, without HTTP, token checks, validation or the ORM.

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

${table(
  ['phase', 'HTTP ÷ raw'],
  report.phases.map((p) => [p.name, `${p.ratio} (${p.name === 'contention' ? 'attempts/s' : 'holds/s'})`]),
)}

Outcomes:

${table(['phase', 'path', 'outcomes'], outcomes)}
${report.processProblems.length > 0 ? `\nWarnings logged by the booking processes (first 20):\n\n${report.processProblems.map((p) => `    ${p}`).join('\n')}\n` : ''}`;
}
