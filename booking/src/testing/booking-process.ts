import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * A real booking HTTP process (`node booking/src/main.ts`), for contention
 * tests and benchmarks. It listens on a free port; the port is read from its
 * `listening` log line.
 */
export interface BookingProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Lines the process wrote at warn level or above, for diagnosing a failure. */
  problems: string[];
  stop(): Promise<void>;
}

const mainPath = fileURLToPath(new URL('../main.ts', import.meta.url));

export async function startBookingProcess(
  env: Record<string, string>,
  startTimeoutMs = 30_000,
): Promise<BookingProcess> {
  const child = spawn(process.execPath, [mainPath], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', BOOKING_PORT: '0', BOOKING_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const problems: string[] = [];
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stdout = child.stdout;
  if (!stdout) throw new Error('booking process has no stdout');
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`booking did not start in ${startTimeoutMs} ms`)), startTimeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`booking exited with ${code} before listening: ${stderr.join('')}${problems.join('\n')}`));
    });
    const lines = createInterface({ input: stdout });
    lines.on('line', (line) => {
      let entry: { level?: number; msg?: string; port?: number };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if ((entry.level ?? 0) >= 40) problems.push(line);
      if (entry.msg === 'listening' && typeof entry.port === 'number') {
        clearTimeout(timer);
        resolve(entry.port);
      }
    });
  });
  let port: number;
  try {
    port = await listening;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    problems,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
