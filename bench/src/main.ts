/**
 * `npm run bench -- <scenario> [options]`: the load scenarios, driven from
 * Node on one machine, each writing its figures under bench/results/.
 * A scenario is a module exporting `run(args)`; add one to the table below.
 */

export interface ScenarioModule {
  description: string;
  run(args: string[]): Promise<void>;
}

const scenarios: Record<string, () => Promise<ScenarioModule>> = {
  holds: () => import('./scenarios/holds/index.ts'),
  catalog: () => import('./scenarios/catalog/index.ts'),
  queue: () => import('./scenarios/queue/index.ts'),
  commits: () => import('./scenarios/commits/index.ts'),
};

const [name, ...args] = process.argv.slice(2);
const load = name === undefined ? undefined : scenarios[name];
if (!load) {
  process.stderr.write(
    `usage: npm run bench -- <scenario> [options]\nscenarios: ${Object.keys(scenarios).join(', ')}\n`,
  );
  process.exit(name === undefined || name === '--help' ? 0 : 64);
}
try {
  await (await load()).run(args);
} catch (error) {
  process.stderr.write(
    `bench ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
