import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Step {
  name: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  onLine: (name: string, stream: 'stdout' | 'stderr', line: string) => void;
}

/** Runs one node script to completion (a migration, the seed); resolves with its exit code. */
export function runStep(step: Step): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, step.args, {
      cwd: step.cwd,
      env: step.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: child[stream], crlfDelay: Infinity }).on('line', (line) =>
        step.onLine(step.name, stream, line),
      );
    }
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}
