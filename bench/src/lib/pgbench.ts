import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run$ = promisify(execFile);

export interface PgbenchResult {
  clients: number;
  transactions: number;
  /** Transactions per second, without the initial connection time. */
  tps: number;
  latencyAverageMs: number;
  failed: number;
}

/**
 * Runs a custom pgbench script (`-n`, no vacuum of pgbench's own tables) with
 * `clients` connections on two threads, either for `seconds` or for
 * `transactions` per client; pgbench is a C client, so no Node is in the loop.
 */
export async function pgbench(
  url: string,
  script: string,
  options: { clients: number } & ({ seconds: number } | { transactionsPerClient: number }),
): Promise<PgbenchResult> {
  const dir = await mkdtemp(join(os.tmpdir(), 'pgbench-'));
  try {
    const file = join(dir, 'script.sql');
    await writeFile(file, script);
    const length =
      'seconds' in options ? ['-T', String(options.seconds)] : ['-t', String(options.transactionsPerClient)];
    const { stdout } = await run$('pgbench', [
      '-n',
      '-c',
      String(options.clients),
      '-j',
      '2',
      ...length,
      '-f',
      file,
      url,
    ]);
    const figure = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? Number.NaN);
    const tps = figure(/tps = ([\d.]+)/);
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return {
      clients: options.clients,
      transactions: figure(/number of transactions actually processed: (\d+)/),
      tps,
      latencyAverageMs: figure(/latency average = ([\d.]+) ms/),
      failed: /number of failed transactions: (\d+)/.test(stdout) ? figure(/number of failed transactions: (\d+)/) : 0,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Several runs of one script as one: transactions over the time they took together. */
export function combined(runs: readonly PgbenchResult[]): PgbenchResult {
  const transactions = runs.reduce((n, r) => n + r.transactions, 0);
  const seconds = runs.reduce((t, r) => t + r.transactions / r.tps, 0);
  return {
    clients: runs[0]?.clients ?? 0,
    transactions,
    tps: transactions / seconds,
    latencyAverageMs: runs.reduce((t, r) => t + r.latencyAverageMs * r.transactions, 0) / transactions,
    failed: runs.reduce((n, r) => n + r.failed, 0),
  };
}
