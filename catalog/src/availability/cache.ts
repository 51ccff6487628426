import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '@ticketing/common';
import type pg from 'pg';
import { eventExists, readEventSeats, readEventSections } from '@ticketing/booking/read-models';
import { runScript, type Logger } from '@ticketing/common';
import { buildDocument, decodeSeat, encodeSeat, statusLetter, type SeatEntry, type SectionFacts } from './document.ts';
import * as lua from './lua.ts';
import { availabilityDocument, changeMessage, type ChangeMessage } from './schema.ts';

export interface SeatChange {
  eventId: string;
  messageId: string;
  occurredAtMs: number;
  seats: SeatEntry[];
}

export interface ApplyResult {
  /** `cold`: no generation is live yet (the caller should rebuild). */
  state: 'ok' | 'cold';
  seq: number;
  /** Seats whose version jumped by more than one, or that the cache did not know: a change was missed. */
  gaps: number;
  changed: number;
}

export type ReadResult = { status: 304; etag: string } | { status: 200; etag: string; body: string };

export interface AvailabilityCacheOptions {
  redis: RedisClient;
  pool: pg.Pool;
  logger: Logger;
  /** The Redis key prefix the client was created with (pub/sub channels are not prefixed by the client). */
  keyPrefix: string;
  changeLogLength: number;
  /**
   * How old (ms) the source of a document that fell behind may be and still
   * be served; 0 rebuilds it after every change. While changes pour in,
   * readers get the stored document and one reader per process refreshes it
   * in the background, instead of all of them rebuilding it on every change.
   */
  maxStaleMs?: number;
  now?: () => number;
}

const loadChunk = 500;
const lockMs = 60_000;
/** A document with no pending hold lapse is still dropped after this, to bound memory for idle events. */
const snapshotTtlSeconds = 300;

export type AvailabilityCache = ReturnType<typeof createAvailabilityCache>;

export function createAvailabilityCache(options: AvailabilityCacheOptions) {
  const { redis, pool, logger } = options;
  const now = options.now ?? Date.now;
  const maxStaleMs = options.maxStaleMs ?? 0;
  /**
   * This process's copy of each document, served without asking Redis for
   * half the staleness window from the moment it was known current, so a
   * stored document that fell behind, and one that is current, alike stay
   * within maxStaleMs of the cache. Disabled when maxStaleMs is 0.
   */
  const copies = new Map<string, { etag: string; body: string; currentAsOfMs: number; validUntilMs: number }>();
  const copyMs = Math.floor(maxStaleMs / 2);
  const keepCopy = (
    eventId: string,
    copy: { etag: string; body: string; currentAsOfMs: number; validUntilMs: number },
  ) => {
    if (copyMs <= 0) return;
    // Bounded: the copies of events nobody reads any more go in one sweep.
    if (copies.size >= 1_000 && !copies.has(eventId)) copies.clear();
    copies.set(eventId, copy);
  };
  const building = new Map<string, Promise<ReadResult>>();
  const rebuilding = new Map<string, Promise<RebuildOutcome>>();
  const base = (eventId: string) => `av:{ev:${eventId}}`;

  /**
   * Applies the changes of one event in one script call, as one delta:
   * several booking messages coalesce into one change (its messageId is the
   * first message's, its occurredAt the earliest commit). A seat named twice
   * goes in version order, so the per-seat compare-and-set and the gap check
   * see the versions as they were made.
   */
  async function apply(changes: readonly SeatChange[]): Promise<ApplyResult> {
    const first = changes[0];
    if (!first) throw new Error('apply: no change given');
    const occurredAtMs = Math.min(...changes.map((c) => c.occurredAtMs));
    const seats = changes.flatMap((c) => c.seats);
    if (changes.length > 1) seats.sort((a, b) => a.version - b.version);
    const args: (string | number)[] = [
      options.changeLogLength,
      occurredAtMs,
      first.messageId,
      randomBytes(4).toString('hex'),
    ];
    for (const seat of seats) {
      args.push(seat.seatId, seat.sectionId, statusLetter(seat.status), seat.version, seat.heldUntilMs ?? '');
    }
    const [state, seq, gaps, changed] = (await runScript(redis, lua.applySeatChanges, [base(first.eventId)], args)) as [
      'ok' | 'cold',
      number,
      number,
      number,
    ];
    return { state, seq, gaps, changed };
  }

  type RebuildOutcome = 'rebuilt' | 'busy' | 'superseded' | 'missing';

  /**
   * Builds a new generation from PostgreSQL beside the live one and swaps it
   * in atomically: readers see the old generation until the new one is
   * complete, never a half-built one. Changes that arrive meanwhile are
   * written to both, so the new generation misses none of them.
   */
  async function rebuildOnce(eventId: string): Promise<RebuildOutcome> {
    const key = base(eventId);
    const token = randomBytes(8).toString('hex');
    const gen = (await runScript(redis, lua.beginBuild, [key], [token, lockMs])) as number | null;
    if (gen === null) return 'busy';
    try {
      // Only events that exist get a generation, so an unknown id never reads as an empty venue.
      if (!(await eventExists(pool, eventId))) return 'missing';
      const [sections, seats] = await Promise.all([readEventSections(pool, eventId), readEventSeats(pool, eventId)]);
      for (let i = 0; i < seats.length; i += loadChunk) {
        const args: (string | number)[] = [gen];
        for (const seat of seats.slice(i, i + loadChunk)) args.push(seat.seatId, encodeSeat(seat), seat.version);
        if ((await runScript(redis, lua.loadGeneration, [key], args)) === 0) return 'superseded';
      }
      const seq = (await runScript(
        redis,
        lua.swapGeneration,
        [key],
        [gen, JSON.stringify(sections), randomBytes(4).toString('hex'), options.changeLogLength, token],
      )) as number;
      if (seq === 0) return 'superseded';
      logger.info(
        { eventId, generation: gen, seats: seats.length, seq },
        'availability: cache rebuilt from PostgreSQL',
      );
      return 'rebuilt';
    } finally {
      await runScript(redis, lua.releaseBuild, [key], [token]);
    }
  }

  /** One rebuild per event at a time in this process; other instances are kept out by the Redis lock. */
  function rebuild(eventId: string): Promise<RebuildOutcome> {
    const running = rebuilding.get(eventId);
    if (running) return running;
    const started = rebuildOnce(eventId).finally(() => rebuilding.delete(eventId));
    rebuilding.set(eventId, started);
    return started;
  }

  function rebuildInBackground(eventId: string): void {
    rebuild(eventId).catch((error: unknown) => logger.warn({ err: error, eventId }, 'availability: rebuild failed'));
  }

  function serialize(
    eventId: string,
    sections: readonly SectionFacts[],
    seats: Iterable<SeatEntry>,
    lastEventId: string | null,
  ) {
    const built = buildDocument(eventId, sections, seats, now(), lastEventId);
    // Checked once per change here, not once per reader: readers get these bytes as they are.
    const body = JSON.stringify(availabilityDocument.parse(built.document));
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
    return { body, etag, validUntilMs: built.validUntilMs };
  }

  async function buildSnapshot(eventId: string, ensureExists?: () => Promise<unknown>): Promise<ReadResult> {
    const readAtMs = now();
    const source = (await runScript(redis, lua.readSource, [base(eventId)], [])) as
      [null] | [string, string, string, string, string[]];
    if (source[0] === null) {
      // Cold (first start, or the cache was wiped): answer from PostgreSQL
      // itself, never from a partial cache, and warm the cache for the next reader.
      await ensureExists?.();
      rebuildInBackground(eventId);
      const [sections, seats] = await Promise.all([readEventSections(pool, eventId), readEventSeats(pool, eventId)]);
      const { body, etag } = serialize(eventId, sections, seats, null);
      return { status: 200, etag, body };
    }
    const [, epoch, seq, sectionsJson, flat] = source;
    const sections = JSON.parse(sectionsJson) as SectionFacts[];
    const seats: SeatEntry[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) seats.push(decodeSeat(flat[i] as string, flat[i + 1] as string));
    const { body, etag, validUntilMs } = serialize(eventId, sections, seats, `${epoch}-${seq}`);
    await runScript(
      redis,
      lua.writeSnapshot,
      [base(eventId)],
      [seq, etag, validUntilMs ?? Number.MAX_SAFE_INTEGER, body, snapshotTtlSeconds, readAtMs],
    );
    keepCopy(eventId, { etag, body, currentAsOfMs: readAtMs, validUntilMs: validUntilMs ?? Number.MAX_SAFE_INTEGER });
    return { status: 200, etag, body };
  }

  function build(eventId: string, ensureExists?: () => Promise<unknown>): Promise<ReadResult> {
    let pending = building.get(eventId);
    if (!pending) {
      pending = buildSnapshot(eventId, ensureExists).finally(() => building.delete(eventId));
      building.set(eventId, pending);
    }
    return pending;
  }

  /**
   * The document, or 304 when the client's ETag still matches. Costs one
   * script call while the stored document may be served; one reader per
   * process rebuilds it when it must be, and the others wait for that one.
   * A document behind by changes, but within maxStaleMs, is served as it is
   * and refreshed in the background once half that time has passed.
   */
  async function read(
    eventId: string,
    ifNoneMatch?: string,
    /** Throws when the event does not exist; asked only on a cold cache. */
    ensureExists?: () => Promise<unknown>,
  ): Promise<ReadResult> {
    const tag = ifNoneMatch ?? '';
    const asked = now();
    const copy = copies.get(eventId);
    if (copy && asked - copy.currentAsOfMs <= copyMs && asked < copy.validUntilMs) {
      return copy.etag === tag ? { status: 304, etag: copy.etag } : { status: 200, etag: copy.etag, body: copy.body };
    }
    const hit = (await runScript(redis, lua.readSnapshot, [base(eventId)], [asked, tag, maxStaleMs])) as
      [0] | [304, string, 0 | 1, number, string] | [200, string, 0 | 1, number, string, string];
    if (hit[0] !== 0) {
      const [, etag, fresh, ageMs, untilMs] = hit;
      if (fresh === 0 && ageMs * 2 >= maxStaleMs && !building.has(eventId)) {
        build(eventId).catch((error: unknown) =>
          logger.warn({ err: error, eventId }, 'availability: background refresh failed'),
        );
      }
      const currentAsOfMs = fresh === 1 ? asked : asked - ageMs;
      if (hit[0] === 200) keepCopy(eventId, { etag, body: hit[5], currentAsOfMs, validUntilMs: Number(untilMs) });
      else if (copy?.etag === etag) copy.currentAsOfMs = currentAsOfMs;
      return hit[0] === 304 ? { status: 304, etag } : { status: 200, etag, body: hit[5] };
    }
    const built = await build(eventId, ensureExists);
    return tag !== '' && built.etag === tag ? { status: 304, etag: built.etag } : built;
  }

  /** Where the change counter of an event stands, for resuming streams. */
  async function position(eventId: string): Promise<{ epoch: string; seq: number }> {
    const [epoch, seq] = await redis.mget(`${base(eventId)}:epoch`, `${base(eventId)}:seq`);
    return { epoch: epoch ?? '', seq: Number(seq ?? 0) };
  }

  /** Changes after `afterSeq` still in the log, oldest first. */
  async function changesSince(eventId: string, afterSeq: number): Promise<ChangeMessage[]> {
    const entries = await redis.xrange(`${base(eventId)}:log`, `${afterSeq + 1}-0`, '+');
    return entries.map(([, fields]) => changeMessage.parse(JSON.parse(fields[1] ?? 'null')));
  }

  return {
    apply,
    rebuild,
    rebuildInBackground,
    read,
    position,
    changesSince,
    /** Full pub/sub channel name (the client does not prefix channels). */
    channelOf: (eventId: string) => `${options.keyPrefix}${base(eventId)}:ch`,
    eventIdOfChannel(channel: string): string | undefined {
      return /^.*av:\{ev:([^}]+)\}:ch$/.exec(channel)?.[1];
    },
  };
}
