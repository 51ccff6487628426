import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface Child {
  process: ChildProcess;
  /** Lines the child printed on stdout so far. */
  lines: string[];
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** Starts `node <entry>` from the repository root with extra variables; stops it with SIGTERM. */
export function startChild(entry: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [entry], {
    cwd: repositoryRoot,
    env: { ...process.env, NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    buffered += text;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => process.stderr.write(`[${entry}] ${text}`));
  return {
    process: child,
    lines,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Waits (bounded) until `ready` says yes, failing early if the child exits. */
export async function waitFor(child: Child, ready: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.process.exitCode !== null) throw new Error(`${what} exited with code ${child.process.exitCode}`);
    try {
      if (await ready()) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not become ready`);
}
