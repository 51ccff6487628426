import type { EntityManager } from '@mikro-orm/postgresql';
import { isRetryableTransactionError, rethrowTranslated } from './errors.ts';

/**
 * Runs a transaction, again if PostgreSQL chose it as a deadlock or
 * serialization victim (up to `attempts` times), and translates what is left.
 * For use cases whose callers cannot easily retry themselves: webhooks,
 * queue consumers, back-office commands.
 */
export async function retryingTransaction<T>(
  em: EntityManager,
  work: (tx: EntityManager) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await em.transactional(work);
    } catch (error) {
      if (attempt < attempts && isRetryableTransactionError(error)) continue;
      rethrowTranslated(error);
    }
  }
}
