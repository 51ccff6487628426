import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger, PostgresWatch } from '@ticketing/common';
import { createOutboxWake, type OutboxWake } from '../outbox/wake.ts';
import { driverFailure, isRetryableTransactionError, rethrowTranslated } from './errors.ts';
import { ormSql, pgSql, type Sql } from './sql.ts';

/**
 * The one way booking's code reaches PostgreSQL. A use case asks for a
 * transaction (or an auto-committed read) and gets an `Sql`: text with `?`
 * placeholders and a parameter list. Repository functions take that `Sql`,
 * so everything they do joins the caller's transaction by construction.
 *
 * MikroORM underneath owns the pool, the transactions and the migrations;
 * no entity or unit of work is used, so nothing is kept between requests and
 * a fresh entity-manager fork per call costs next to nothing.
 *
 * After a commit that wrote to the outbox (`outboxWritten`), the relay is
 * woken: never by a NOTIFY inside the transaction, which would make every
 * commit queue on one database-wide lock (docs/architecture.md).
 */
export interface Database {
  /**
   * Runs `work` in one transaction. With `retry`, a transaction PostgreSQL
   * chose as a deadlock or serialization victim runs again (up to three
   * times); for callers that cannot easily retry themselves (webhooks,
   * consumers, back-office commands). Database failures leave as domain errors.
   */
  transaction<T>(work: (sql: Sql) => Promise<T>, options?: { retry?: boolean }): Promise<T>;
  /**
   * Auto-committed statements, with the same error translation. A statement
   * that is its own transaction and wrote to the outbox (a call of a
   * function that does, marked with `outboxWritten`) wakes the relay after it.
   */
  read<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /**
   * Like `read`, but the statements go straight to the pool's pg client,
   * without the ORM's query building in between: for a hot path that is one
   * statement (a hold is one call of place_hold). Same connections, same
   * lock_timeout, same error translation and relay wake-up. Values come back
   * as pg parses them; use it for statements whose result is json or text.
   */
  autocommit<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /** Sends the pending relay wake-up and stops waking; the ORM is closed by its owner. */
  close(): Promise<void>;
}

const retryAttempts = 3;
const wroteOutbox = new WeakSet<Sql>();

/** Tells the transaction behind `sql` that it wrote outbox rows; the relay is woken after it commits. */
export function outboxWritten(sql: Sql): void {
  wroteOutbox.add(sql);
}

/**
 * With a `watch`, a PostgreSQL that stops answering fails calls fast with
 * `database_unavailable` instead of leaving them waiting on a silent
 * connection (common/src/stores/postgres-watch.ts).
 */
export function createDatabase(orm: MikroORM, logger: Logger, watch?: PostgresWatch): Database {
  const wake: OutboxWake = createOutboxWake((text) => orm.em.fork().execute(text), logger);
  const guarded = <T>(work: () => Promise<T>): Promise<T> => (watch ? watch.guard(work) : work());
  let native: Promise<Sql> | undefined;
  const nativeSql = () => {
    native ??= orm.em
      .getConnection()
      .getNativeClient()
      .then(
        (pool) => pgSql(pool),
        (error: unknown) => {
          // Not remembered: the next call tries again.
          native = undefined;
          throw error;
        },
      );
    return native;
  };
  return {
    transaction: (work, options) => guarded(() => transaction(work, options)),
    read: (work) => guarded(() => read(work)),
    autocommit: (work) => guarded(() => autocommit(work)),
    close: () => wake.close(),
  };

  async function transaction<T>(work: (sql: Sql) => Promise<T>, options: { retry?: boolean } = {}): Promise<T> {
    const attempts = options.retry ? retryAttempts : 1;
    for (let attempt = 1; ; attempt++) {
      let sql: Sql | undefined;
      let workFailed = false;
      try {
        const result = await orm.em.fork().transactional(async (tx) => {
          sql = ormSql(tx);
          try {
            return await work(sql);
          } catch (error) {
            workFailed = true;
            throw error;
          }
        });
        if (sql && wroteOutbox.has(sql)) wake.notify();
        return result;
      } catch (error) {
        if (attempt < attempts && isRetryableTransactionError(error)) continue;
        // Not the work's own failure: beginning or committing the transaction failed.
        rethrowTranslated(workFailed ? error : driverFailure(error));
      }
    }
  }

  async function read<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const sql = ormSql(orm.em.fork());
    let result: T;
    try {
      result = await work(sql);
    } catch (error) {
      return rethrowTranslated(error);
    }
    if (wroteOutbox.has(sql)) wake.notify();
    return result;
  }

  async function autocommit<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    // One Sql per call, so the outbox mark belongs to this statement alone.
    const own: Sql = { query: async (text, params) => (await nativeSql()).query(text, params) };
    let result: T;
    try {
      result = await work(own);
    } catch (error) {
      return rethrowTranslated(error);
    }
    if (wroteOutbox.has(own)) wake.notify();
    return result;
  }
}
