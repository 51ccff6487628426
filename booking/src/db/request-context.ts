import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Context, Middleware } from 'koa';

/**
 * Every request works on its own fork of the entity manager, so no identity
 * map or unit of work is ever shared between requests. Services open their
 * transactions on it; calls made with the transactional manager join them.
 */
export function forkPerRequest(orm: MikroORM): Middleware {
  return async (ctx, next) => {
    ctx.state.em = orm.em.fork();
    await next();
  };
}

export function requestEm(ctx: Context): EntityManager {
  const em: unknown = ctx.state.em;
  if (!em) throw new Error('no entity manager on this request: is forkPerRequest mounted?');
  return em as EntityManager;
}
