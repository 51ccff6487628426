import { unavailable, isDomainError } from '@ticketing/common';

/**
 * Redis error replies that say "the server cannot serve you right now"
 * rather than "your command is wrong". Redis names the kind of error in the
 * first word of the reply; that word is the protocol's stable code.
 */
const transientReplies = new Set(['LOADING', 'BUSY', 'READONLY', 'CLUSTERDOWN', 'TRYAGAIN', 'MASTERDOWN', 'MISCONF']);

export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error) || isDomainError(error)) return false;
  if (error.name === 'ReplyError') return transientReplies.has(error.message.split(' ', 1)[0] ?? '');
  // Connection closed, command timed out, retries exhausted, refused: all
  // mean the queue cannot be read or written now.
  return true;
}

/**
 * Runs a queue operation; if Redis cannot be reached the answer is a
 * retryable 503 `queue_unavailable` and nothing was admitted or changed.
 * A script bug (an error reply that is not transient) stays a 500.
 */
export async function withQueueStore<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isRedisUnavailable(error)) {
      throw unavailable(
        'queue_unavailable',
        'The waiting room cannot reach its queue store; nobody is being admitted',
        {
          cause: error,
          retryAfter: 2,
        },
      );
    }
    throw error;
  }
}
