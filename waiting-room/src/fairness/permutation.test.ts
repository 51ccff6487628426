import { entryIdOf, orderBySeed, rankKey, seedCommitment } from './permutation.ts';

const seed = '00'.repeat(31) + '01';
const ids = Array.from({ length: 50 }, (_, i) => entryIdOf('drop-1', `user-${i}`));

test('entry ids are the SHA-256 of drop and user, and differ between drops', () => {
  expect(entryIdOf('drop-1', 'user-1')).toMatch(/^[0-9a-f]{64}$/);
  expect(entryIdOf('drop-1', 'user-1')).toBe(entryIdOf('drop-1', 'user-1'));
  expect(entryIdOf('drop-2', 'user-1')).not.toBe(entryIdOf('drop-1', 'user-1'));
});

test('the order depends only on the seed and the set of entrants, not on how they arrived', () => {
  const order = orderBySeed(seed, ids, (id) => id);
  expect(orderBySeed(seed, [...ids].reverse(), (id) => id)).toEqual(order);
  expect(new Set(order)).toEqual(new Set(ids));
  const keys = order.map((id) => rankKey(seed, id));
  expect(keys).toEqual([...keys].sort());
  expect(orderBySeed('ff'.repeat(32), ids, (id) => id)).not.toEqual(order);
  expect(order).not.toEqual(ids);
});

test('the commitment is the SHA-256 of the seed bytes, not of its hex text', () => {
  // sha256sum over the 32 raw bytes 00..00 01.
  expect(seedCommitment(seed)).toBe('ec4916dd28fc4c10d78e287ca5d9cc51ee1ae73cbfde08c6b37324cbfaac8bc5');
});
