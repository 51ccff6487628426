import type { RedisClient } from './stores/redis.ts';
import { z } from 'zod';

/**
 * Fans who asked to be mailed when a drop opens: one Redis hash per drop,
 * user id -> contact, written by the catalog (the fan-facing side) and read
 * by the notifier when the drop's reminder falls due, so both keep to this
 * one layout. A hash makes asking
 * twice harmless and lets a fan take the request back.
 */
export const reminderContact = z.object({ email: z.email(), name: z.string().nullable() });
export type ReminderContact = z.infer<typeof reminderContact>;

export interface ReminderSubscriber extends ReminderContact {
  userId: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const keyOf = (dropId: string) => `reminders:{drop:${dropId}}`;

/** Requests are kept a while past any sensible drop date, then expire with the hash. */
const keepSeconds = 180 * 86_400;

export function createReminderStore(redis: RedisClient) {
  return {
    async subscribe(dropId: string, userId: string, contact: ReminderContact): Promise<void> {
      await redis
        .multi()
        .hset(keyOf(dropId), userId, JSON.stringify(contact))
        .expire(keyOf(dropId), keepSeconds)
        .exec();
    },
    async unsubscribe(dropId: string, userId: string): Promise<boolean> {
      return (await redis.hdel(keyOf(dropId), userId)) === 1;
    },
    async isSubscribed(dropId: string, userId: string): Promise<boolean> {
      return (await redis.hexists(keyOf(dropId), userId)) === 1;
    },
    /** Every subscriber; entries that no longer parse are skipped rather than failing the whole reminder. */
    async subscribers(dropId: string): Promise<ReminderSubscriber[]> {
      const entries = await redis.hgetall(keyOf(dropId));
      const found: ReminderSubscriber[] = [];
      for (const [userId, text] of Object.entries(entries)) {
        const parsed = reminderContact.safeParse(parseJson(text));
        if (parsed.success) found.push({ userId, ...parsed.data });
      }
      return found.sort((a, b) => (a.userId < b.userId ? -1 : 1));
    },
  };
}

export type ReminderStore = ReturnType<typeof createReminderStore>;
