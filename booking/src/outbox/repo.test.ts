import { randomUUID } from 'node:crypto';
import { createPgPool } from '@ticketing/common';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing';
import { createOrm, migrate } from '../db/orm.ts';
import { pgSql } from '../db/sql.ts';
import { claimBatch, markPublished, prunePublished, releaseFailed } from './repo.ts';
import { silentLogger, sleep } from './test-support.ts';

let db: TestDatabase;
let pool: ReturnType<typeof createPgPool>;

beforeAll(async () => {
  db = await createTestDatabase('outbox_repo');
  const orm = await createOrm({ databaseUrl: db.url, logger: silentLogger, poolSize: 1 });
  await migrate(orm);
  await orm.close();
  pool = createPgPool({ connectionString: db.url, max: 4 }, silentLogger);
});
afterEach(async () => {
  await pool.query('TRUNCATE outbox');
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

/** Rows written directly, with the timestamps a test needs. */
async function insertRows(count: number, columns: { publishedDaysAgo?: number | null; availableInMs?: number } = {}) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    await pool.query(
      `INSERT INTO outbox (message_id, routing_key, payload, published_at, available_at)
       VALUES ($1, 'drop.changed', $2::jsonb,
               CASE WHEN $3::float8 IS NULL THEN NULL ELSE now() - $3::float8 * interval '1 day' END,
               now() + $4::float8 * interval '1 millisecond')`,
      [
        id,
        JSON.stringify({ id, type: 'drop.changed', occurredAt: new Date().toISOString(), data: {} }),
        columns.publishedDaysAgo ?? null,
        columns.availableInMs ?? 0,
      ],
    );
    ids.push(id);
  }
  return ids;
}

test('a claim takes due rows oldest first under a lease that keeps a second claim off them', async () => {
  const due = await insertRows(3);
  await insertRows(1, { availableInMs: 60_000 });
  await insertRows(1, { publishedDaysAgo: 0 });

  const first = await claimBatch(pgSql(pool), 2, 60_000);
  expect(first.map((r) => r.messageId)).toEqual(due.slice(0, 2));
  expect(first.every((r) => r.attempts === 1 && r.claimedUntil.getTime() > Date.now())).toBe(true);
  const second = await claimBatch(pgSql(pool), 10, 60_000);
  expect(second.map((r) => r.messageId)).toEqual(due.slice(2));
  expect(await claimBatch(pgSql(pool), 10, 60_000)).toEqual([]);
});

test('concurrent claims never hand the same row to two relays', async () => {
  await insertRows(60);
  const claims = await Promise.all(Array.from({ length: 6 }, () => claimBatch(pgSql(pool), 15, 60_000)));
  const claimed = claims.flat().map((r) => r.id);
  expect(new Set(claimed).size).toBe(claimed.length);
});

test('an expired lease lets the row be claimed again, and a stale release no longer touches it', async () => {
  const [id] = await insertRows(1);
  const [stale] = await claimBatch(pgSql(pool), 1, 1);
  await sleep(20);
  const [again] = await claimBatch(pgSql(pool), 1, 60_000);
  expect(again).toMatchObject({ messageId: id, attempts: 2 });
  // The first relay's late failure report must not undo the second relay's claim.
  expect(
    await releaseFailed(pgSql(pool), [{ id: stale!.id, delayMs: 1_000, error: 'late' }], stale!.claimedUntil),
  ).toBe(0);
  expect(
    await releaseFailed(pgSql(pool), [{ id: again!.id, delayMs: 1_000, error: 'broker said no' }], again!.claimedUntil),
  ).toBe(1);
  const { rows } = await pool.query<{ last_error: string; claimed_until: Date | null; later: boolean }>(
    'SELECT last_error, claimed_until, available_at > now() AS later FROM outbox',
  );
  expect(rows).toEqual([{ last_error: 'broker said no', claimed_until: null, later: true }]);
  expect(await claimBatch(pgSql(pool), 1, 60_000)).toEqual([]);
});

test('marking is one statement for the batch and does not mark twice', async () => {
  await insertRows(3);
  const claimed = await claimBatch(pgSql(pool), 3, 60_000);
  expect(
    await markPublished(
      pgSql(pool),
      claimed.map((r) => r.id),
    ),
  ).toBe(3);
  expect(
    await markPublished(
      pgSql(pool),
      claimed.map((r) => r.id),
    ),
  ).toBe(0);
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NOT NULL AND claimed_until IS NULL',
  );
  expect(rows[0]!.n).toBe(3);
});

test('pruning deletes only rows published before the retention period, in small batches', async () => {
  const old = await insertRows(5, { publishedDaysAgo: 10 });
  const recent = await insertRows(2, { publishedDaysAgo: 1 });
  const pending = await insertRows(2);
  await pool.query(`UPDATE outbox SET created_at = now() - interval '30 days' WHERE published_at IS NULL`);

  expect(await prunePublished(pgSql(pool), 7, 2)).toBe(old.length);
  const { rows } = await pool.query<{ message_id: string }>('SELECT message_id::text FROM outbox ORDER BY id');
  expect(rows.map((r) => r.message_id)).toEqual([...recent, ...pending]);
  expect(await prunePublished(pgSql(pool), 7, 2)).toBe(0);
});
