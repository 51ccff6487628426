import type { EntityManager } from '@mikro-orm/postgresql';
import { rethrowTranslated } from './errors.ts';
import { ormSql, type Sql } from './sql.ts';

/**
 * Runs `work` in one transaction on the request's entity manager; calls made
 * with the transactional manager join it. Database failures leave as domain
 * errors (translated once, in db/errors.ts); the transaction rolls back on any throw.
 */
export async function inTransaction<T>(
  em: EntityManager,
  work: (sql: Sql, tx: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await em.transactional((tx) => work(ormSql(tx), tx));
  } catch (error) {
    return rethrowTranslated(error);
  }
}

/** Reads outside a transaction, with the same error translation. */
export async function outsideTransaction<T>(em: EntityManager, work: (sql: Sql) => Promise<T>): Promise<T> {
  try {
    return await work(ormSql(em));
  } catch (error) {
    return rethrowTranslated(error);
  }
}
