import { DriverException, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import type { Context, Middleware } from 'koa';
import { translateDatabaseError } from './errors.ts';

/**
 * Every request works on its own fork of the entity manager, so no identity
 * map or unit of work is ever shared between requests. Services open their
 * transactions on it; calls made with the transactional manager join them.
 * A database failure of a read made outside any transaction is translated
 * here, as transactions translate theirs (db/errors.ts).
 */
export function forkPerRequest(orm: MikroORM): Middleware {
  return async (ctx, next) => {
    ctx.state.em = orm.em.fork();
    try {
      await next();
    } catch (error) {
      throw error instanceof DriverException ? (translateDatabaseError(error) ?? error) : error;
    }
  };
}

export function requestEm(ctx: Context): EntityManager {
  const em: unknown = ctx.state.em;
  if (!em) throw new Error('no entity manager on this request: is forkPerRequest mounted?');
  return em as EntityManager;
}
