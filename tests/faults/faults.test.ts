import { profiles } from './support/profiles.ts';
import { runFaultSuite, type FaultRun } from './support/run.ts';

/*
 * The short run of the fault suite (`npm run faults` runs the full one): a
 * stack of its own behind store proxies, fans buying while every role is
 * SIGKILLed and every store cut both ways, then the invariants. The seed is
 * FAULTS_SEED when set, else drawn, and printed with any failure.
 */

const seed =
  process.env.FAULTS_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FAULTS_SEED);

test('a sale survives every role killed and every store cut with no invariant broken', async () => {
  const lines: string[] = [];
  const run: FaultRun = await runFaultSuite(profiles.short, seed, (line) => lines.push(line));
  if (!run.ok) throw new Error(`${run.report}\n\n${lines.join('\n')}\nprocess logs: ${run.logFile}`);
  expect(run.checks.length).toBeGreaterThanOrEqual(10);
  expect(run.faults.some((f) => f.fault.kind === 'kill')).toBe(true);
  expect(run.fans.some((fan) => fan.outcome === 'bought')).toBe(true);
}, 300_000);
