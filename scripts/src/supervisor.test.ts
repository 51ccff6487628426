import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { createSupervisor, type ChildSpec, type SupervisorEvent, type SupervisorOptions } from './supervisor.ts';

// Real child processes: tiny scripts written for each run, nothing mocked.
let dir: string;

const scripts: Record<string, string> = {
  // Crashes until it has been started `limit` times, then stays up.
  'crash-until.mjs': `
    import { existsSync, readFileSync, writeFileSync } from 'node:fs';
    const [counter, limit] = process.argv.slice(2);
    const run = existsSync(counter) ? Number(readFileSync(counter, 'utf8')) + 1 : 1;
    writeFileSync(counter, String(run));
    if (run < Number(limit)) { console.error('crash ' + run); process.exit(1); }
    process.stdout.write('steady\\npartial line');
    setInterval(() => {}, 1000);
  `,
  'exit-with.mjs': `process.exit(Number(process.argv[2]));`,
  // Says it is ready; on SIGTERM says so, records it and exits cleanly.
  'graceful.mjs': `
    import { appendFileSync } from 'node:fs';
    process.on('SIGTERM', () => { appendFileSync(process.argv[2], 'terminated\\n'); console.log('got SIGTERM'); process.exit(0); });
    console.log('ready ' + process.pid);
    setInterval(() => {}, 1000);
  `,
  'stubborn.mjs': `
    process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
    console.log('ready');
    setInterval(() => {}, 1000);
  `,
  // Starts a helper of its own, as a dev server does, and reports its pid.
  'parent.mjs': `
    import { spawn } from 'node:child_process';
    const helper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    console.log('helper ' + helper.pid);
    setInterval(() => {}, 1000);
  `,
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'supervisor-test-'));
  for (const [name, body] of Object.entries(scripts)) writeFileSync(join(dir, name), body);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const node = (name: string, script: string, ...args: string[]): ChildSpec => ({
  name,
  command: process.execPath,
  args: [join(dir, script), ...args],
});

/** Records what a supervisor reports and lets a test wait for a condition on it. */
function recorder() {
  const events: SupervisorEvent[] = [];
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  const changed = () => waiters.splice(0).forEach((wake) => wake());
  const options: Pick<SupervisorOptions, 'onLine' | 'onEvent'> = {
    onLine: (name, stream, line) => {
      lines.push(`${name} ${stream}: ${line}`);
      changed();
    },
    onEvent: (event) => {
      events.push(event);
      changed();
    },
  };
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise<void>((wake) => waiters.push(wake));
  };
  return { events, lines, options, until };
}

/** Alive and not a zombie: an orphan waits for whatever reaps it, which says nothing about the supervisor. */
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
};

async function untilDead(pid: number): Promise<void> {
  for (let i = 0; i < 200 && isAlive(pid); i++) await sleep(25);
}

test('a crashed child is started again, and its output arrives line by line', async () => {
  const rec = recorder();
  const counter = join(dir, 'crash-counter');
  const supervisor = createSupervisor([node('api', 'crash-until.mjs', counter, '3')], {
    ...rec.options,
    restart: { initialDelayMs: 10 },
  });
  supervisor.start();
  await rec.until(() => rec.lines.includes('api stdout: steady'));

  expect(supervisor.state('api')).toBe('running');
  expect(rec.events.filter((e) => e.type === 'started').map((e) => e.type === 'started' && e.run)).toEqual([1, 2, 3]);
  const exits = rec.events.filter((e) => e.type === 'exited');
  expect(exits.map((e) => e.type === 'exited' && [e.code, e.restartInMs !== null])).toEqual([
    [1, true],
    [1, true],
  ]);
  expect(rec.lines.slice(0, 3)).toEqual(['api stderr: crash 1', 'api stderr: crash 2', 'api stdout: steady']);

  await supervisor.stop();
  expect(supervisor.state('api')).toBe('stopped');
  // The unfinished last line is still delivered when the child ends.
  expect(rec.lines).toContain('api stdout: partial line');
});

test('a child that keeps crashing young is given up on after the configured number of crashes', async () => {
  const rec = recorder();
  const supervisor = createSupervisor([node('relay', 'exit-with.mjs', '3')], {
    ...rec.options,
    restart: { initialDelayMs: 5, maxRapidCrashes: 3, rapidCrashMs: 60_000 },
  });
  supervisor.start();
  await supervisor.settled();

  expect(supervisor.state('relay')).toBe('failed');
  expect(rec.events.filter((e) => e.type === 'started')).toHaveLength(3);
  expect(rec.events.at(-1)).toEqual({ type: 'gave-up', name: 'relay', reason: 'it crashed 3 times in a row' });
});

test('crashes after a long enough run do not count toward giving up', async () => {
  const rec = recorder();
  const supervisor = createSupervisor([node('sweeper', 'crash-until.mjs', join(dir, 'long-counter'), '5')], {
    ...rec.options,
    // Every run counts as long, so four crashes in a row stay under a limit of one.
    restart: { initialDelayMs: 5, maxRapidCrashes: 1, rapidCrashMs: 0 },
  });
  supervisor.start();
  await rec.until(() => rec.lines.includes('sweeper stdout: steady'));
  expect(rec.events.filter((e) => e.type === 'started')).toHaveLength(5);
  expect(rec.events.some((e) => e.type === 'gave-up')).toBe(false);
  await supervisor.stop();
});

test('a configuration error (exit code 78) is not retried', async () => {
  const rec = recorder();
  const supervisor = createSupervisor([node('catalog', 'exit-with.mjs', '78')], rec.options);
  supervisor.start();
  await supervisor.settled();
  expect(rec.events.filter((e) => e.type === 'started')).toHaveLength(1);
  expect(rec.events.at(-1)).toMatchObject({ type: 'gave-up', reason: 'its configuration is invalid (exit code 78)' });
});

test('stop() sends SIGTERM, lets children exit on their own, and does not restart them', async () => {
  const rec = recorder();
  const log = join(dir, 'graceful.log');
  const supervisor = createSupervisor([node('booking', 'graceful.mjs', log), node('admin', 'graceful.mjs', log)], {
    ...rec.options,
    restart: { initialDelayMs: 5 },
  });
  supervisor.start();
  await rec.until(() => rec.lines.filter((l) => l.includes('stdout: ready')).length === 2);
  const pids = ['booking', 'admin'].map((name) => supervisor.pid(name) ?? 0);

  await supervisor.stop();

  expect(readFileSync(log, 'utf8')).toBe('terminated\nterminated\n');
  expect(rec.events.filter((e) => e.type === 'exited')).toEqual([
    expect.objectContaining({ code: 0, signal: null, restartInMs: null }),
    expect.objectContaining({ code: 0, signal: null, restartInMs: null }),
  ]);
  expect(pids.filter(isAlive)).toEqual([]);
  expect([supervisor.state('booking'), supervisor.state('admin')]).toEqual(['stopped', 'stopped']);
});

test('a child that ignores SIGTERM is killed once the stop timeout passes', async () => {
  const rec = recorder();
  const supervisor = createSupervisor([node('stuck', 'stubborn.mjs')], { ...rec.options, stopTimeoutMs: 300 });
  supervisor.start();
  await rec.until(() => rec.lines.includes('stuck stdout: ready'));

  await supervisor.stop();

  expect(rec.lines).toContain('stuck stdout: ignoring SIGTERM');
  expect(rec.events.at(-1)).toMatchObject({ type: 'exited', signal: 'SIGKILL', restartInMs: null });
});

test('stopping a child also stops the helpers it started (its process group)', async () => {
  const rec = recorder();
  const supervisor = createSupervisor([node('site', 'parent.mjs')], rec.options);
  supervisor.start();
  await rec.until(() => rec.lines.some((l) => l.startsWith('site stdout: helper ')));
  const helperPid = Number(
    rec.lines
      .find((l) => l.startsWith('site stdout: helper '))
      ?.split(' ')
      .at(-1),
  );
  expect(isAlive(helperPid)).toBe(true);

  await supervisor.stop();
  await untilDead(helperPid);

  expect(isAlive(helperPid)).toBe(false);
});

test('SIGTERM to the supervising process stops every child before it exits', async () => {
  const runner = join(dir, 'runner.mjs');
  const supervisorUrl = new URL('./supervisor.ts', import.meta.url).href;
  writeFileSync(
    runner,
    `import { createSupervisor, stopOnSignals } from ${JSON.stringify(supervisorUrl)};
     const dir = ${JSON.stringify(dir)};
     const names = ['one', 'two'];
     const supervisor = createSupervisor(
       names.map((name) => ({ name, command: process.execPath, args: [dir + '/graceful.mjs', dir + '/' + name + '.log'] })),
       { onLine: (name, _stream, line) => console.log(name + ': ' + line) },
     );
     stopOnSignals(supervisor, names);
     supervisor.start();`,
  );
  const child = spawn(process.execPath, [runner], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pids = new Map<string, number>();
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`the supervising process exited early (code ${code})`)));
    lines.on('line', (line) => {
      const match = /^(\w+): ready (\d+)$/.exec(line);
      if (match?.[1] !== undefined) pids.set(match[1], Number(match[2]));
      if (pids.size === 2) resolve();
    });
  });

  child.kill('SIGTERM');

  expect(await exited).toBe(0);
  for (const name of ['one', 'two']) {
    expect(existsSync(join(dir, `${name}.log`)) && readFileSync(join(dir, `${name}.log`), 'utf8')).toBe('terminated\n');
  }
  expect([...pids.values()].filter(isAlive)).toEqual([]);
});
