import { createLogger } from '../logger.ts';
import { DomainError } from '../errors.ts';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.ts';
import { adminDatabaseUrl } from '../testing/database.ts';
import { createPgPool } from './postgres.ts';
import type pg from 'pg';

let proxy: TcpProxy;
let pool: pg.Pool;

beforeAll(async () => {
  proxy = await startTcpProxy(Number(new URL(adminDatabaseUrl).port || 5432));
  const url = new URL(adminDatabaseUrl);
  url.host = `127.0.0.1:${proxy.port}`;
  pool = createPgPool({ connectionString: url.toString(), max: 2 }, createLogger('pg-pool-test', 'silent'));
});
afterAll(async () => {
  proxy.restore();
  await pool.end();
  await proxy.close();
});

async function failure(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('no failure');
}

test('bad data in a value is validation_failed, a NUL character included', async () => {
  for (const [sql, value] of [
    ['SELECT $1::int', '99999999999'],
    ['SELECT $1::text', 'a\u0000b'],
  ]) {
    const error = await failure(pool.query(sql!, [value]));
    expect([error.kind, error.code]).toEqual(['invalid', 'validation_failed']);
  }
});

test('a silent server fails queries fast with database_unavailable, and the pool recovers by itself', async () => {
  await pool.query('SELECT 1');
  proxy.silence();
  const started = performance.now();
  const first = await failure(pool.query('SELECT 1'));
  const firstMs = performance.now() - started;
  expect([first.kind, first.code]).toEqual(['unavailable', 'database_unavailable']);
  // A hang would last minutes; this bound only tells a fast failure from one.
  expect(firstMs).toBeLessThan(5_000);
  const next = await failure(pool.query('SELECT 1'));
  expect(next.code).toBe('database_unavailable');

  proxy.restore();
  let answered = false;
  for (let i = 0; i < 50 && !answered; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    answered = await pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }
  expect(answered).toBe(true);
}, 30_000);
