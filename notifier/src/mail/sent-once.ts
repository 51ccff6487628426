import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '@ticketing/common';
import type { Mailer, OutgoingMail } from './mailer.ts';

/**
 * Sends each (message, recipient) mail once, however often the message is
 * delivered. Kept in Redis: the records expire by themselves, cost one round
 * trip, and keep the notifier off booking's database, which it only reads.
 * If Redis loses them (a flush, a failover) a message delivered again after
 * that may send one duplicate; its stable Message-ID lets mail clients fold it.
 *
 * A record is first a lease ("sending"), then "sent". A second delivery that
 * finds a lease while the first is still sending is retried later rather
 * than sending in parallel; a lease left by a crashed process expires, and
 * the retry then sends.
 *
 * So one mail per purpose, with one exception: a process that dies after the
 * SMTP server took the mail and before "sent" was recorded leaves a lease
 * that expires, and the retry sends a second copy. That copy carries the same
 * Message-ID (derived from the same message id and recipient as this key,
 * consumers/context.ts), so the recipient's mail client shows it as the same
 * mail. The lease is short (30 s) so that retry comes soon.
 */
export interface SentOnce {
  /** `sent` when this call sent it, `already_sent` when an earlier delivery did. */
  send(messageId: string, mail: OutgoingMail): Promise<'sent' | 'already_sent'>;
}

export class MailInFlightError extends Error {
  constructor(key: string) {
    super(`another delivery is sending ${key}; retrying later`);
    this.name = 'MailInFlightError';
  }
}

/** How long a sending lease lasts when not configured: longer than a send may take (mailer.ts timeouts). */
export const defaultSendLeaseMs = 30_000;

export function createSentOnce(
  redis: RedisClient,
  mailer: Mailer,
  ttlSeconds: number,
  leaseMs: number = defaultSendLeaseMs,
): SentOnce {
  return {
    async send(messageId, mail) {
      const recipient = createHash('sha256').update(mail.to.trim().toLowerCase()).digest('base64url').slice(0, 16);
      const key = `sent:${messageId}:${recipient}`;
      const lease = `sending:${randomBytes(8).toString('hex')}`;
      if ((await redis.set(key, lease, 'PX', leaseMs, 'NX')) === null) {
        if ((await redis.get(key)) === 'sent') return 'already_sent';
        throw new MailInFlightError(key);
      }
      try {
        await mailer.send(mail);
      } catch (error) {
        // Only our own lease is given back: a slow send whose lease expired must not drop another's.
        await redis.eval(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
          1,
          key,
          lease,
        );
        throw error;
      }
      await redis.set(key, 'sent', 'EX', ttlSeconds);
      return 'sent';
    },
  };
}
