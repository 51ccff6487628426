import type { RedisClient } from '@ticketing/common';
import { z } from 'zod';
import type { Logger } from '@ticketing/common';
import { newsChannel } from '../store/keys.ts';

/**
 * What the scripts publish when something happens to a drop, so every
 * instance's sockets hear about it, whichever instance caused it:
 * `tick` (fans admitted, or dropped), `freed` (a slot came free), `phase`
 * (settings, sold out, reopened, pre-queue placed).
 */
export type News =
  | { k: 'tick'; drop: string; admitted: string[] }
  | { k: 'freed'; drop: string }
  | { k: 'phase'; drop: string; phase: string };

const newsSchema = z.discriminatedUnion('k', [
  // cjson encodes an empty Lua table as an object, not an array.
  z.object({
    k: z.literal('tick'),
    drop: z.string(),
    admitted: z.union([z.array(z.string()), z.object({}).transform(() => [] as string[])]),
  }),
  z.object({ k: z.literal('freed'), drop: z.string() }),
  // The phase right after the change, so sockets can be told before asking Redis anything.
  z.object({ k: z.literal('phase'), drop: z.string(), phase: z.string() }),
]);

export interface NewsFeed {
  close(): Promise<void>;
}

/** Subscribes a dedicated connection (subscriber mode takes it over) to the news channel. */
export async function subscribeNews(
  subscriber: RedisClient,
  prefix: string,
  logger: Logger,
  onNews: (news: News) => void,
): Promise<NewsFeed> {
  const channel = newsChannel(prefix);
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      logger.warn({ channel }, 'news: unreadable message');
      return;
    }
    const parsed = newsSchema.safeParse(value);
    if (parsed.success) onNews(parsed.data);
    else logger.warn({ channel, problem: parsed.error.message }, 'news: unexpected message');
  });
  // ioredis re-subscribes by itself after a reconnect.
  await subscriber.subscribe(channel);
  return {
    async close() {
      await subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}
