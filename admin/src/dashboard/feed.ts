import { PassThrough } from 'node:stream';
import { getDrop, type Actor, type Database } from '@ticketing/booking/back-office';
import type { Logger } from '@ticketing/common';
import type { DropStats } from '../stats/schema.ts';
import { dropStats } from '../stats/service.ts';
import type { WaitingRoomClient } from '../stats/waiting-room-client.ts';
import { gateRates } from './gate-rates.ts';

export interface DashboardFeedOptions {
  db: Database;
  waitingRoom: WaitingRoomClient;
  logger: Logger;
  /** How often each stream reads its drops' numbers. */
  intervalMs: number;
  /** A comment this often keeps proxies from closing a quiet stream. */
  heartbeatMs: number;
  /** Bytes a client may leave unread before its stream is ended (it reconnects). */
  bufferLimitBytes: number;
}

export interface DashboardFeed {
  /** Checks the actor manages every drop (404 for the first they do not), then streams their numbers and gates. */
  open(actor: Actor, dropIds: readonly string[], authorization: string): Promise<PassThrough>;
  readonly openStreams: number;
  /** Ends every stream: at shutdown, before the server waits for requests to finish. */
  close(): void;
}

/**
 * The organizer's live dashboard as Server-Sent Events: every `intervalMs`
 * the numbers of each followed drop (the same as GET /drops/:id/stats: the
 * waiting room's line beside booking's seats, holds and revenue), sent as
 * an `event: stats` when they changed since the last one sent, and for each
 * of their events the scans per gate (gate-rates.ts) as an `event: gates`
 * when those changed. Everything is read afresh each time from PostgreSQL
 * and the waiting room, so any admin instance can serve any stream; a
 * client that reconnects simply gets every drop's current numbers first.
 */
export function createDashboardFeed(options: DashboardFeedOptions): DashboardFeed {
  const { db, waitingRoom, logger } = options;
  const streams = new Set<() => void>();

  async function open(actor: Actor, dropIds: readonly string[], authorization: string): Promise<PassThrough> {
    const eventIds = new Set<string>();
    for (const dropId of dropIds) eventIds.add((await getDrop(db, actor, dropId)).eventId);
    const stream = new PassThrough();
    const lastSent = new Map<string, string>();
    let sequence = 0;
    let lastWriteAt = Date.now();
    let busy = false;
    let ended = false;

    const write = (text: string) => {
      if (ended) return;
      if (stream.writableLength > options.bufferLimitBytes) {
        logger.info({ unreadBytes: stream.writableLength }, 'dashboard: client not reading; stream ended');
        stop();
        return;
      }
      stream.write(text);
      lastWriteAt = Date.now();
    };

    /** Sends `data` as an `event`, unless `key`'s last one had the same `numbers`. */
    const send = (event: string, key: string, data: unknown, numbers: unknown) => {
      const fingerprint = JSON.stringify(numbers);
      if (lastSent.get(key) === fingerprint) return;
      lastSent.set(key, fingerprint);
      write(`id: ${++sequence}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const tick = async () => {
      if (busy || ended) return;
      busy = true;
      try {
        const [results, gates] = await Promise.all([
          Promise.allSettled(dropIds.map((dropId) => dropStats(db, waitingRoom, actor, dropId, authorization))),
          Promise.allSettled([...eventIds].map((eventId) => gateRates(db, actor, eventId))),
        ]);
        results.forEach((result, i) => {
          if (result.status === 'rejected') {
            logger.warn({ err: result.reason, dropId: dropIds[i] }, 'dashboard: numbers unavailable');
            return;
          }
          const stats = result.value;
          send('stats', stats.dropId, stats, withoutClock(stats));
        });
        gates.forEach((result) => {
          if (result.status === 'rejected') {
            logger.warn({ err: result.reason }, 'dashboard: scans per gate unavailable');
            return;
          }
          const { at: _countedAt, ...counts } = result.value;
          send('gates', `gates:${counts.eventId}`, result.value, counts);
        });
        if (Date.now() - lastWriteAt >= options.heartbeatMs) write(': heartbeat\n\n');
      } finally {
        busy = false;
      }
    };

    const timer = setInterval(() => void tick(), options.intervalMs);
    function stop() {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      streams.delete(stop);
      if (!stream.destroyed) stream.end();
    }
    streams.add(stop);
    stream.on('close', stop);
    stream.on('error', stop);
    stream.write('retry: 2000\n\n');
    void tick();
    return stream;
  }

  return {
    open,
    get openStreams() {
      return streams.size;
    },
    close() {
      for (const stop of [...streams]) stop();
    },
  };
}

/** The numbers without the times they were read at, which change every time. */
function withoutClock(stats: DropStats) {
  const { at: _readAt, queue, ...rest } = stats;
  const queueNumbers = queue.available ? { ...queue, at: undefined } : queue;
  return { ...rest, queue: queueNumbers };
}
