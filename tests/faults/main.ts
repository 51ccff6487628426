import { parseArgs } from 'node:util';
import { profiles, type Profile } from './support/profiles.ts';
import { runFaultSuite } from './support/run.ts';

/*
 * `npm run faults [-- --seed N] [-- --profile short]`: the fault suite. It
 * prints the seed first (a run replays from it), the faults as they happen,
 * then the table of faults injected and invariants checked, and exits 1 if
 * any invariant failed or any fault could not be injected.
 */
const { values } = parseArgs({
  options: { seed: { type: 'string' }, profile: { type: 'string', default: 'full' } },
});
const name = values.profile;
if (name !== 'full' && name !== 'short') {
  console.error(`unknown profile ${name}; known: ${Object.keys(profiles).join(', ')}`);
  process.exit(2);
}
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) {
  console.error(`--seed must be a non-negative integer, not ${values.seed}`);
  process.exit(2);
}
const profile: Profile = profiles[name];
const started = Date.now();
console.log(`fault suite: profile ${profile.name}, seed ${seed} (replay with --seed ${seed})`);
try {
  const run = await runFaultSuite(profile, seed, (line) => console.log(`  ${line}`));
  console.log(`\n${run.report}\n`);
  console.log(`process logs: ${run.logFile}`);
  console.log(`${run.ok ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1_000)} s (seed ${seed})`);
  process.exitCode = run.ok ? 0 : 1;
} catch (error) {
  console.error(`the fault suite could not run (seed ${seed}):`, error);
  process.exitCode = 1;
}
