import type { RedisClient } from '@ticketing/common';
import type pg from 'pg';
import { z } from 'zod';
import {
  findPublishedEvent,
  readSeatMap,
  searchEvents,
  sortValueOf,
  type EventSort,
} from '@ticketing/booking/read-models';
import { invalid, notFound, type Logger } from '@ticketing/common';
import type { EventDetail, EventPage } from '@ticketing/common/contracts/event-listing';
import type { SeatMap } from '@ticketing/common/contracts/seat-map';
import type { ListEventsQuery } from './schema.ts';

export interface EventCatalogOptions {
  pool: pg.Pool;
  redis: RedisClient;
  logger: Logger;
  /** Seconds a document stays in the read-through cache. */
  ttlSeconds: number;
}

const cursorShape = z.object({ s: z.string(), v: z.string(), i: z.uuid() });

function encodeCursor(sort: EventSort, value: string, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, v: value, i: id })).toString('base64url');
}

function decodeCursor(cursor: string, sort: EventSort): { value: string; id: string } {
  let parsed: z.infer<typeof cursorShape>;
  try {
    parsed = cursorShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalid('invalid_cursor', 'The cursor is not one this API gave out');
  }
  if (parsed.s !== sort) throw invalid('invalid_cursor', 'The cursor belongs to another sort order');
  if (sort !== 'name' && Number.isNaN(Date.parse(parsed.v))) {
    throw invalid('invalid_cursor', 'The cursor is not one this API gave out');
  }
  return { value: parsed.v, id: parsed.i };
}

const eventNotFound = (eventId: string) =>
  notFound('event_not_found', 'No published event has this id', { details: { eventId } });

/**
 * Event browsing. Single events and seat maps change rarely and are read
 * at every page view, so they go through a short-lived Redis cache (a
 * missing event is remembered too, so unknown ids do not reach PostgreSQL
 * on every request); searches go to PostgreSQL.
 */
export function createEventCatalog(options: EventCatalogOptions) {
  const { pool, redis, logger, ttlSeconds } = options;

  async function cached<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      const hit = await redis.get(key);
      if (hit !== null) return hit === '' ? undefined : (JSON.parse(hit) as T);
    } catch (error) {
      // The cache is an optimisation: without Redis, answer from PostgreSQL.
      logger.warn({ err: error, key }, 'catalog: document cache unavailable');
      return load();
    }
    const value = await load();
    await redis
      .set(key, value === undefined ? '' : JSON.stringify(value), 'EX', ttlSeconds)
      .catch((error: unknown) => logger.warn({ err: error, key }, 'catalog: could not cache a document'));
    return value;
  }

  async function getEvent(eventId: string): Promise<EventDetail> {
    const event = await cached(`doc:event:${eventId}`, () => findPublishedEvent(pool, eventId));
    if (!event) throw eventNotFound(eventId);
    return event;
  }

  async function getSeatMap(eventId: string): Promise<SeatMap> {
    await getEvent(eventId);
    const map = await cached(`doc:seatmap:${eventId}`, () => readSeatMap(pool, eventId));
    if (!map) throw eventNotFound(eventId);
    return map;
  }

  async function listEvents(query: ListEventsQuery): Promise<EventPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort);
    // One row more than asked tells whether another page exists.
    const rows = await searchEvents(pool, {
      text: query.q,
      city: query.city,
      from: query.from,
      to: query.to,
      sort: query.sort,
      limit: query.limit + 1,
      after,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > query.limit && last ? encodeCursor(query.sort, sortValueOf(last, query.sort), last.id) : null;
    return { items, nextCursor };
  }

  /** Drops the cached documents of an event (booking said it changed): the next reader loads them afresh. */
  async function forget(eventId: string): Promise<void> {
    // Two commands: in a Redis Cluster the two keys may live in different slots.
    await Promise.all([redis.del(`doc:event:${eventId}`), redis.del(`doc:seatmap:${eventId}`)]);
  }

  return { getEvent, getSeatMap, listEvents, forget };
}

export type EventCatalog = ReturnType<typeof createEventCatalog>;
