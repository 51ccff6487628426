import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { adminDatabaseUrl } from '@ticketing/common/testing';
import { inventoryLockKey, inventoryLockKeySql, sortedLockKeys } from './locks.ts';

test('the lock key of an id is the same in the service and in SQL', async () => {
  const ids = Array.from({ length: 50 }, () => randomUUID());
  const client = new pg.Client({ connectionString: adminDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string }>(
      `SELECT ${inventoryLockKeySql('id')}::text AS key FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n) ORDER BY n`,
      [ids],
    );
    expect(rows.map((r) => r.key)).toEqual(ids.map((id) => inventoryLockKey(id).toString()));
  } finally {
    await client.end();
  }
});

test('lock keys come out distinct and ascending, whatever the request order', () => {
  const ids = Array.from({ length: 20 }, () => randomUUID());
  const keys = sortedLockKeys([...ids, ids[0] as string].reverse());
  expect(keys).toHaveLength(20);
  expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  expect(sortedLockKeys(ids)).toEqual(keys);
  // Keys span the signed range, so the order must be numeric, not textual.
  expect(inventoryLockKey('ffffffff-ffff-ffff-8000-000000000000')).toBe(-1n);
});
