import pg from 'pg';
import type { Logger } from '@ticketing/common';
import { outboxChannel } from './wake.ts';

export interface OutboxListener {
  /** True while LISTEN is active on a live connection. */
  readonly listening: boolean;
  close(): Promise<void>;
}

export interface ListenerOptions {
  connectionString: string;
  logger: Logger;
  /** Called on every notification, and after each (re)connect since rows may have come in meanwhile. */
  onWake: () => void;
  applicationName?: string;
  retryLowMs?: number;
  retryHighMs?: number;
}

/**
 * LISTEN on a connection of its own: a pooled client would be handed to
 * other work and lose the subscription. When the connection drops the
 * listener reconnects with backoff and listens again; polling covers the gap.
 */
export function startOutboxListener(options: ListenerOptions): OutboxListener {
  const { logger } = options;
  const retryLow = options.retryLowMs ?? 200;
  const retryHigh = options.retryHighMs ?? 5_000;
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    const delay = Math.min(retryHigh, retryLow * 2 ** Math.min(failures, 10));
    failures += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
  };

  const connect = async () => {
    const own = new pg.Client({
      connectionString: options.connectionString,
      application_name: options.applicationName ?? 'booking-relay-listener',
      // Notice a silently dead connection instead of listening to nothing.
      keepAlive: true,
    });
    client = own;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      listening = false;
      if (!closed) {
        if (failures === 0) logger.warn({ err: error }, 'outbox listener: connection lost');
        own.removeAllListeners('notification');
        own.end().catch(() => undefined);
        scheduleReconnect();
      }
    };
    own.on('error', onLost);
    own.on('end', () => onLost());
    own.on('notification', (message) => {
      if (message.channel === outboxChannel) options.onWake();
    });
    try {
      await own.connect();
      await own.query(`LISTEN ${outboxChannel}`);
      if (closed) {
        await own.end();
        return;
      }
      if (failures > 0) logger.info('outbox listener: listening again');
      failures = 0;
      listening = true;
      options.onWake();
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
    }
  };

  void connect();

  return {
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      listening = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}
