import { createLogger } from '@ticketing/common';
import { createTestDatabase } from '@ticketing/common/testing';
import { migrateDatabase } from '@ticketing/booking/processes';
import { releaseCommitShapes } from '@ticketing/booking/testing';
import { positiveIntegerFlags } from '../../lib/flags.ts';
import { pgbench } from '../../lib/pgbench.ts';
import { environment, table, writeReport } from '../../lib/report.ts';

export const description =
  'commits: durable commits/s of an outbox-writing transaction with and without a NOTIFY inside it (pgbench, no Node in the loop)';

const defaults = { clients: 20, seconds: 10 };

/*
 * Why no booking transaction NOTIFYs: the release path of holds (a fan
 * letting go, the sweeper ending lapsed holds) used to NOTIFY inside its
 * transaction; it now marks the transaction and the relay is woken after
 * the commit. booking's testing entry has both shapes as pgbench scripts.
 */

export async function run(args: string[]): Promise<void> {
  const flags = positiveIntegerFlags(args, defaults);
  const db = await createTestDatabase('bench_commits');
  try {
    await migrateDatabase(db.url, createLogger('bench', 'silent'));
    const results: Array<{ shape: string; tps: number }> = [];
    for (const [shape, script] of Object.entries(releaseCommitShapes)) {
      process.stdout.write(`[commits] ${shape}: ${flags.clients} clients for ${flags.seconds} s\n`);
      const { tps } = await pgbench(db.url, script, { clients: flags.clients, seconds: flags.seconds });
      results.push({ shape, tps });
    }
    const base = results[0]?.tps ?? 1;
    const markdown = [
      `# commits: an outbox-writing transaction with and without NOTIFY inside it`,
      '',
      `pgbench, ${flags.clients} clients, ${flags.seconds} s each, fsync on; ${new Date().toISOString().slice(0, 10)}.`,
      '',
      table(
        ['shape', 'commits/s', 'ratio to after-commit'],
        results.map((r) => [r.shape, Math.round(r.tps), (r.tps / base).toFixed(2)]),
      ),
      '',
    ].join('\n');
    const files = await writeReport('commits', { environment: environment(), flags, results }, markdown);
    process.stdout.write(`\n${markdown}\nwritten: ${files.json.pathname} and ${files.markdown.pathname}\n`);
  } finally {
    await db.drop();
  }
}
