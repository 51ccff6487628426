import { createHash, createHmac, randomBytes } from 'node:crypto';
import { checkFairness, entryIdOf, type FairnessRecord } from './fairness.ts';

function revealedRecord(): FairnessRecord {
  const seed = randomBytes(32);
  const entrants = ['fan-a', 'fan-b', 'fan-c', 'fan-d'].map((user) => entryIdOf('drop-1', user)).sort();
  const rank = (entry: string) => createHmac('sha256', seed).update(entry, 'utf8').digest('hex');
  return {
    dropId: 'drop-1',
    algorithm: 'hmac-sha256-sort',
    seedCommitment: createHash('sha256').update(seed).digest('hex'),
    committedAt: '2027-01-01T10:00:00.000Z',
    opensAt: '2027-01-01T12:00:00.000Z',
    revealed: true,
    prequeueSize: entrants.length,
    seed: seed.toString('hex'),
    entrants,
    order: [...entrants].sort((a, b) => rank(a).localeCompare(rank(b))),
  };
}

describe("the fairness page's check", () => {
  it('accepts an honest record', () => {
    expect(checkFairness(revealedRecord())).toEqual({
      seedMatches: true,
      sameEntrants: true,
      orderMatches: true,
      committedInTime: true,
    });
  });

  it('catches a swapped order, another seed, a made-up entrant and a late commitment', () => {
    const record = revealedRecord();
    const swapped = { ...record, order: [record.order![1]!, record.order![0]!, ...record.order!.slice(2)] };
    expect(checkFairness(swapped)).toMatchObject({ orderMatches: false, sameEntrants: true });
    expect(checkFairness({ ...record, seed: randomBytes(32).toString('hex') })).toMatchObject({ seedMatches: false });
    expect(checkFairness({ ...record, order: [...record.order!, 'made-up'] })).toMatchObject({ sameEntrants: false });
    expect(checkFairness({ ...record, committedAt: '2027-01-01T12:00:01.000Z' })).toMatchObject({
      committedInTime: false,
    });
  });

  it('has nothing to check before the reveal', () => {
    const { seed: _seed, entrants: _entrants, order: _order, ...committed } = revealedRecord();
    expect(checkFairness({ ...committed, revealed: false })).toBeUndefined();
  });
});
