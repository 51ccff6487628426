import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { entryIdOf } from './fairness/permutation.ts';
import { fairnessRecordSchema } from './fairness/schema.ts';
import { verifyFairness } from './fairness/verify.ts';

/**
 * Recomputes a drop's pre-queue order from its published fairness record.
 *
 *   node waiting-room/src/verify-fairness.ts <fairness URL or file> [--drop <id> --user <id>]
 *
 * With --drop and --user it also prints where that fan was placed. Exits 0
 * when the record holds up, 1 when it does not, 2 on a usage error.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { drop: { type: 'string' }, user: { type: 'string' }, quiet: { type: 'boolean', default: false } },
});
const source = positionals[0];
if (!source) {
  process.stderr.write('usage: verify-fairness <fairness URL or file> [--drop <dropId> --user <userId>] [--quiet]\n');
  process.exit(2);
}

const text = /^https?:\/\//.test(source)
  ? await fetch(source).then(async (response) => {
      if (!response.ok) throw new Error(`${source} answered ${response.status}`);
      return response.text();
    })
  : await readFile(source, 'utf8');
const parsed = fairnessRecordSchema.safeParse(JSON.parse(text));
if (!parsed.success) {
  process.stderr.write(`not a fairness record: ${parsed.error.message}\n`);
  process.exit(2);
}
const record = parsed.data;
const verdict = verifyFairness(record);
const out = (line: string) => process.stdout.write(`${line}\n`);

out(
  `drop ${record.dropId}: ${record.entrants?.length ?? record.prequeueSize} pre-queued fans, algorithm ${record.algorithm}`,
);
out(`seed commitment ${record.seedCommitment} (published ${record.committedAt}, start ${record.opensAt})`);
for (const warning of verdict.warnings) out(`warning: ${warning}`);
for (const problem of verdict.problems) out(`FAIL: ${problem}`);
if (verdict.ok) out('OK: the seed matches its commitment and reproduces the published order');
if (!values.quiet) verdict.recomputed.forEach((entryId, i) => out(`${i + 1}\t${entryId}`));
if (values.user) {
  const entryId = entryIdOf(values.drop ?? record.dropId, values.user);
  const place = verdict.recomputed.indexOf(entryId);
  out(
    place === -1
      ? `user ${values.user} (${entryId}) was not in the pre-queue`
      : `user ${values.user} (${entryId}) was placed ${place + 1}`,
  );
}
process.exit(verdict.ok ? 0 : 1);
