import { orderBySeed, permutationAlgorithm, seedCommitment } from './permutation.ts';
import type { FairnessRecord } from './schema.ts';

export interface FairnessVerdict {
  ok: boolean;
  /** Reasons the record does not hold up. */
  problems: string[];
  /** Facts worth knowing that do not break the order. */
  warnings: string[];
  /** The order recomputed from the seed and the entrants. */
  recomputed: string[];
}

/**
 * Checks a published fairness record: the revealed seed matches the
 * commitment made before the start, and sorting the entrants by the keyed
 * permutation gives exactly the order the waiting room says it used.
 */
export function verifyFairness(record: FairnessRecord): FairnessVerdict {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (record.algorithm !== permutationAlgorithm) problems.push(`unknown algorithm ${record.algorithm}`);
  if (!record.revealed || !record.seed || !record.entrants || !record.order) {
    return {
      ok: false,
      problems: [...problems, 'the seed has not been revealed yet (before the start)'],
      warnings,
      recomputed: [],
    };
  }
  if (!/^[0-9a-f]{64}$/.test(record.seed)) problems.push('the seed is not 32 bytes of hex');
  else if (seedCommitment(record.seed) !== record.seedCommitment) {
    problems.push('the revealed seed does not match the published commitment');
  }
  if (Date.parse(record.committedAt) >= Date.parse(record.opensAt)) {
    warnings.push(
      'the commitment was made after the start (the drop was first seen late); it cannot prove the order was fixed beforehand',
    );
  }
  const order = record.order;
  const entrants = new Set(record.entrants);
  if (entrants.size !== record.entrants.length) problems.push('an entrant appears twice');
  const sameMembers = order.length === entrants.size && order.every((id) => entrants.has(id));
  if (!sameMembers) problems.push('the published order does not contain exactly the entrants');
  const recomputed = /^[0-9a-f]{64}$/.test(record.seed) ? orderBySeed(record.seed, [...entrants], (id) => id) : [];
  const mismatch = recomputed.findIndex((id, i) => order[i] !== id);
  if (mismatch !== -1 || recomputed.length !== order.length) {
    problems.push(
      `the published order differs from the seeded order${mismatch === -1 ? '' : ` from place ${mismatch + 1}`}`,
    );
  }
  return { ok: problems.length === 0, problems, warnings, recomputed };
}
