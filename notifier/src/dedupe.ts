import type { RedisClient } from '@ticketing/common';
import type { MessageDedupe } from '@ticketing/common';

/**
 * Message-level memory for the queue factory: a redelivered message whose
 * handler already finished is acknowledged without rendering anything. The
 * per-recipient sent records (mail/sent-once.ts) are what guarantee one
 * mail; this only saves the work.
 */
export function createRedisDedupe(redis: RedisClient, ttlSeconds: number): MessageDedupe {
  return {
    async isHandled(messageId, queue) {
      return (await redis.exists(`handled:${queue}:${messageId}`)) === 1;
    },
    async markHandled(messageId, queue) {
      await redis.set(`handled:${queue}:${messageId}`, '1', 'EX', ttlSeconds);
    },
  };
}
