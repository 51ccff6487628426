import { createHash } from 'node:crypto';
import type { RedisClient } from '@ticketing/common';
import type pg from 'pg';
import { listDropsOpeningWithin } from '@ticketing/booking/read-models';
import type { Envelope, EventPublisher, Logger } from '@ticketing/common';

export interface ReminderSchedulerOptions {
  pool: pg.Pool;
  /** The notifier's own Redis, for the "already announced" marks. */
  redis: RedisClient;
  publisher: EventPublisher;
  logger: Logger;
  leadMinutes: number;
  intervalMs: number;
}

/** The same id for the same opening, whichever instance announces it: consumers dedupe on it. */
function reminderMessageId(dropId: string, opensAt: Date): string {
  const hex = createHash('sha256').update(`drop.reminder_due:${dropId}:${opensAt.toISOString()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Announces drops that open within the lead time, once per opening (a
 * drop moved to another time is announced again). Any number of notifier
 * instances may run it: a Redis mark taken with NX lets one publish, and
 * the message id is the same anyway.
 */
export function startReminderScheduler(options: ReminderSchedulerOptions) {
  const { pool, redis, publisher, logger } = options;

  async function scan(): Promise<number> {
    let announced = 0;
    for (const drop of await listDropsOpeningWithin(pool, options.leadMinutes)) {
      const mark = `reminder-announced:${drop.dropId}:${drop.opensAt.getTime()}`;
      if ((await redis.set(mark, '1', 'EX', 7 * 86_400, 'NX')) === null) continue;
      const envelope: Envelope<'drop.reminder_due'> = {
        id: reminderMessageId(drop.dropId, drop.opensAt),
        type: 'drop.reminder_due',
        occurredAt: new Date().toISOString(),
        data: { dropId: drop.dropId, eventId: drop.eventId, dropName: drop.name, opensAt: drop.opensAt.toISOString() },
      };
      try {
        await publisher.publish(envelope);
        announced += 1;
      } catch (error) {
        // Not announced: let the next scan try again.
        await redis.del(mark);
        throw error;
      }
    }
    return announced;
  }

  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = scan().catch((error: unknown) => logger.warn({ err: error }, 'reminders: scan failed'));
  }, options.intervalMs);
  timer.unref();

  return {
    scan,
    async close(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
