import { randomUUID } from 'node:crypto';
import { createLogger } from '@ticketing/common';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing';
import { createDatabase } from './database.ts';
import { createOrm, migrate, type MikroORM } from './orm.ts';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase('orm');
  orm = await createOrm({ databaseUrl: db.url, logger: createLogger('orm-test', 'silent') });
});
afterAll(async () => {
  await orm.close();
  await db.drop();
});

test('migrations apply once and leave the schema with its named constraints', async () => {
  expect(await migrate(orm)).toEqual([
    '0001-initial',
    '0002-drop-inventory',
    '0003-inventory-sequence',
    '0004-organizer',
    '0005-gate',
    '0006-place-hold',
    '0007-transfers',
  ]);
  expect(await migrate(orm)).toEqual([]);
  const rows = await orm.em
    .fork()
    .execute<Array<{ conname: string }>>(
      `SELECT conname FROM pg_constraint WHERE conname IN ('orders_user_idempotency_key_uq', 'seats_hold_state_ck')`,
    );
  expect(rows.map((r) => r.conname).sort()).toEqual(['orders_user_idempotency_key_uq', 'seats_hold_state_ck']);
});

test('an outbox message commits with its transaction and not without it', async () => {
  const { enqueue } = await import('../outbox/enqueue.ts');
  const database = createDatabase(orm, createLogger('orm-test', 'silent'));
  const [dropId, eventId] = [randomUUID(), randomUUID()];
  await database.transaction(async (sql) => {
    await enqueue(sql, 'drop.changed', { dropId, eventId, version: 1 });
  });
  await expect(
    database.transaction(async (sql) => {
      await enqueue(sql, 'drop.changed', { dropId, eventId, version: 2 });
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  await database.close();
  const rows = await orm.em
    .fork()
    .execute<Array<{ routing_key: string; payload: { data: { version: number } } }>>(
      'SELECT routing_key, payload FROM outbox',
    );
  expect(rows.map((r) => [r.routing_key, r.payload.data.version])).toEqual([['drop.changed', 1]]);
});

test('every connection waits for a lock at most the configured lock_timeout', async () => {
  const limited = await createOrm({
    databaseUrl: db.url,
    lockTimeoutMs: 1_500,
    logger: createLogger('orm-test', 'silent'),
  });
  try {
    const [row] = await limited.em.fork().execute<Array<{ lock_timeout: string }>>('SHOW lock_timeout');
    expect(row?.lock_timeout).toBe('1500ms');
  } finally {
    await limited.close();
  }
});

test('autocommit statements run on the same connections, with their lock_timeout, and fail as domain errors', async () => {
  const limited = await createOrm({
    databaseUrl: db.url,
    lockTimeoutMs: 1_250,
    logger: createLogger('orm-test', 'silent'),
  });
  const database = createDatabase(limited, createLogger('orm-test', 'silent'));
  try {
    const [row] = await database.autocommit((sql) =>
      sql.query<{ lock_timeout: string; application_name: string }>(
        `SELECT current_setting('lock_timeout') AS lock_timeout, current_setting('application_name') AS application_name`,
      ),
    );
    expect(row).toEqual({ lock_timeout: '1250ms', application_name: 'booking' });
    await expect(database.autocommit((sql) => sql.query('SELECT ?::uuid', ['not-a-uuid']))).rejects.toMatchObject({
      kind: 'invalid',
      code: 'validation_failed',
    });
  } finally {
    await database.close();
    await limited.close();
  }
});
