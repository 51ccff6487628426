/**
 * `npm start`: the whole platform on one machine for development. Checks
 * PostgreSQL, Redis and RabbitMQ, creates and migrates the database, seeds
 * the demo, then runs every process role under one supervisor and prints
 * where everything is.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { instanceEnvironment, InstanceNameError, instancePortOffsets } from '@ticketing/common';
import {
  childEnv,
  processList,
  selectProcesses,
  SelectionError,
  sharedDefaults,
  type ProcessEntry,
} from './processes.ts';
import { demoLogins } from './src/demo-logins.ts';
import { waitForHealth, type HealthOutcome } from './src/health.ts';
import { createPainter, createPrefixer, formatLogLine, renderTable, type TableRow } from './src/output.ts';
import { checkDependencies, dependencies, ensureDatabase } from './src/preflight.ts';
import { portsInUse } from './src/free-ports.ts';
import { realmForSite } from './src/realm.ts';
import { runStep } from './src/run-step.ts';
import { createSupervisor, stopOnSignals, type SupervisorEvent } from './src/supervisor.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const healthTimeoutMs = 120_000;

const usage = `Usage: npm start [-- options]

  --instance NAME
               an isolated stack beside others on this machine (or TICKETING_INSTANCE=NAME): its own
               database, Redis prefixes, RabbitMQ exchanges and queues, ports and development keys,
               all derived from NAME (TICKETING_INSTANCE_PORT_BASE picks its block of ports)
  --only a,b   start only these process roles (after the same checks, migration and seed)
  --no-seed    skip the demo seed
  --list       print the process roles and whether each is present, then exit
  -h, --help   this text`;

function readArgs() {
  try {
    return parseArgs({
      options: {
        only: { type: 'string' },
        instance: { type: 'string' },
        'no-seed': { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    process.exit(64);
  }
}

function readSelection(only: string[] | undefined) {
  try {
    return selectProcesses(root, list, only);
  } catch (error) {
    if (!(error instanceof SelectionError)) throw error;
    process.stderr.write(`start: ${error.message}\n`);
    process.exit(64);
  }
}

const args = readArgs();
if (args.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const instance = args.instance ?? (process.env.TICKETING_INSTANCE || undefined);
const env: ReturnType<typeof sharedDefaults> & Record<string, string> = {
  ...sharedDefaults(),
  ...definedOnly(process.env),
  ...instanceVariables(),
  NODE_ENV: 'development',
};
const list = processList(root, env);
const selection = readSelection(
  args.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const painter = createPainter(process.stdout);
const prefix = createPrefixer(['start', 'migrate', 'seed', ...list.map((p) => p.name)], painter);
const print = (name: string, line: string) => {
  for (const l of formatLogLine(line, painter)) process.stdout.write(`${prefix(name)}${l}\n`);
};
const say = (line: string) => print('start', line);
const fail = (message: string): never => {
  process.stderr.write(`${prefix('start')}${painter.colour(31, message)}\n`);
  process.exit(1);
};

if (args.list) {
  for (const p of selection.selected) say(`${p.name.padEnd(18)} present`);
  for (const a of selection.absent) say(`${a.name.padEnd(18)} absent (${a.missing} does not exist yet)`);
  process.exit(0);
}

if (instance !== undefined) {
  const taken = await portsInUse(Object.keys(instancePortOffsets).map((variable) => Number(env[variable])));
  if (taken.length > 0) {
    fail(
      `instance ${instance}: port ${taken.join(', ')} of its block is in use (is it running already, or does another ` +
        `name share its block?); TICKETING_INSTANCE_PORT_BASE=<port> picks another block`,
    );
  }
  // The storefront client must accept sign-ins coming back to this instance's site.
  const folder = join(tmpdir(), `ticketing-instance-${instance}`);
  mkdirSync(folder, { recursive: true });
  env.IDENTITY_REALM_FILE = await realmForSite(root, env.SITE_URL ?? '', folder);
  say(
    `instance ${instance}: database ${new URL(env.DATABASE_URL).pathname.slice(1)}, Redis prefix ${env.WAITING_ROOM_REDIS_PREFIX ?? ''}, ` +
      `exchange ${env.EVENTS_EXCHANGE ?? ''}, ports ${env.WAITING_ROOM_PORT ?? ''}-${env.MAIL_SMTP_PORT ?? ''}, its own development keys`,
  );
}

// 1. The shared servers.
const probes = await checkDependencies(dependencies(env));
const down = probes.filter((p) => p.error !== undefined);
for (const p of probes) {
  if (p.error === undefined) say(`${p.dependency.name} answers at ${p.dependency.address}`);
}
if (down.length > 0) {
  for (const p of down) {
    process.stderr.write(
      `${prefix('start')}${painter.colour(31, `${p.dependency.name} is not reachable at ${p.dependency.address} (${p.error}).`)}\n` +
        `${prefix('start')}  start it with: ${p.dependency.startHint}\n`,
    );
  }
  process.exit(1);
}

// 2. The database, its schema and the demo.
try {
  if (await ensureDatabase(env.DATABASE_URL)) say(`created database ${new URL(env.DATABASE_URL).pathname.slice(1)}`);
} catch (error) {
  fail(`could not create the database: ${error instanceof Error ? error.message : String(error)}`);
}
await oneShot('migrate', 'booking/src/migrate.ts');
if (!args['no-seed']) await oneShot('seed', 'booking/src/seed/main.ts');

// 3. The processes.
const selected = selection.selected;
for (const a of selection.absent) say(painter.dim(`${a.name}: not started, ${a.missing} does not exist yet`));
if (selected.length === 0) fail('no process role is present yet');

const supervisor = createSupervisor(
  selected.map((p) => ({
    name: p.name,
    command: process.execPath,
    args: p.args,
    cwd: join(root, p.cwd ?? '.'),
    env: childEnv(p, env),
  })),
  { onLine: (name, _stream, line) => print(name, line), onEvent: report },
);
let stopping = false;
stopOnSignals(
  supervisor,
  selected.map((p) => p.name),
  {
    onStopping: (signal) => {
      stopping = true;
      say(`${signal}: stopping every process`);
    },
  },
);
supervisor.start();

const outcomes = await Promise.all(selected.map((p) => health(p)));
if (!stopping) printSummary(selected, outcomes);

await supervisor.settled();
// Without a signal, settling means every process was given up on; with one, its handler exits.
if (!stopping) fail('every process has stopped; see the errors above');

/**
 * An instance's variables win over the caller's: an exported DATABASE_URL or
 * prefix must not quietly join this stack to another one. Only the database
 * server (not its name) and the port block may come from the caller.
 */
function instanceVariables(): Record<string, string> {
  if (instance === undefined) return {};
  const portBase = process.env.TICKETING_INSTANCE_PORT_BASE;
  try {
    return instanceEnvironment(instance, {
      ...(portBase ? { portBase: Number(portBase) } : {}),
      ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    });
  } catch (error) {
    if (!(error instanceof InstanceNameError)) throw error;
    process.stderr.write(`start: ${error.message}\n`);
    process.exit(64);
  }
}

function definedOnly(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

async function oneShot(name: string, script: string): Promise<void> {
  if (!existsSync(join(root, script))) fail(`${script} does not exist; cannot ${name}`);
  const code = await runStep({ name, args: [script], cwd: root, env, onLine: (n, _s, line) => print(n, line) });
  if (code !== 0) fail(`${name} failed (exit code ${code}); nothing was started`);
}

function report(event: SupervisorEvent): void {
  switch (event.type) {
    case 'started':
      if (event.run > 1) say(`${event.name} restarted (run ${event.run}, pid ${event.pid})`);
      break;
    case 'exited':
      if (event.restartInMs !== null) {
        const how = event.signal ?? `code ${event.code ?? '?'}`;
        say(painter.colour(33, `${event.name} exited (${how}); restarting in ${event.restartInMs} ms`));
      }
      break;
    case 'gave-up':
      say(painter.colour(31, `${event.name} is not restarted: ${event.reason}`));
      break;
    case 'spawn-failed':
      say(painter.colour(31, `${event.name} could not start: ${event.error.message}`));
      break;
  }
}

async function health(p: ProcessEntry): Promise<HealthOutcome | 'running'> {
  const stillTrying = () => supervisor.state(p.name) !== 'failed' && supervisor.state(p.name) !== 'stopped';
  if (p.healthUrl === undefined) return stillTrying() ? 'running' : 'gave up';
  return waitForHealth({ url: p.healthUrl, timeoutMs: healthTimeoutMs, stillTrying });
}

function printSummary(entries: ProcessEntry[], results: Array<HealthOutcome | 'running'>): void {
  const rows: TableRow[] = entries.map((p, i) => {
    const status = results[i] ?? 'running';
    const url = p.url ?? (p.port === undefined ? '(worker)' : `http://localhost:${p.port}`);
    return { cells: [p.name, url, status], colour: status === 'up' || status === 'running' ? 32 : 31 };
  });
  const table = renderTable(['service', 'url', 'status'], rows, painter);
  const logins = demoLogins(join(root, 'identity/realm/ticketing-realm.json'));
  const loginTable =
    logins.length === 0
      ? ''
      : `\n\n${renderTable(
          ['demo login', 'password', 'roles'],
          logins.map((l) => ({ cells: [l.username, l.password, l.roles.join(', ')] })),
          painter,
        )}`;
  process.stdout.write(`\n${table}${loginTable}\n\nCtrl-C stops everything.\n\n`);
}
