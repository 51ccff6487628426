import { z } from 'zod';
import type { Envelope, Logger } from '@ticketing/common';
import { createApplyBatcher } from './apply-batcher.ts';
import type { AvailabilityCache } from './cache.ts';
import type { PropagationRecorder } from './propagation.ts';

/** The seat messages the cache follows; all four carry the same shape. */
export const seatMessageTypes = ['seat.held', 'seat.released', 'seat.sold', 'seat.blocked'] as const;
export type SeatMessageType = (typeof seatMessageTypes)[number];

const seatsChanged = z.object({
  eventId: z.uuid(),
  seats: z
    .array(
      z.object({
        seatId: z.string().min(1),
        sectionId: z.string().min(1),
        status: z.enum(['available', 'held', 'sold', 'blocked']),
        version: z.number().int().nonnegative(),
        heldUntil: z.iso.datetime({ offset: true }).nullish(),
      }),
    )
    .min(1),
});

export interface SeatChangeHandlerOptions {
  cache: AvailabilityCache;
  logger: Logger;
  propagation: PropagationRecorder;
  /** How long to wait after a gap before rebuilding, so a burst of reordered messages costs one rebuild. */
  gapRebuildDelayMs?: number;
  /** The attempt after which the queue parks a message that still fails. */
  finalAttempt: number;
}

/** A scheduled rebuild that fails is tried again, backing off up to this. */
const rebuildRetryCapMs = 5_000;
const eventOf = z.object({ eventId: z.uuid() });

/**
 * Applies one seat message to the cache, coalesced with the messages of the
 * same event that arrive while the previous batch is applied (apply-batcher.ts). Idempotent without bookkeeping:
 * each seat is written only when its version is newer, so a duplicate or a
 * message overtaken by a later one changes nothing. A cold cache is built
 * from PostgreSQL before the message is acknowledged (the build reads a
 * state that already contains it); a version that jumps means a message was
 * lost or is still on its way, and schedules a rebuild shortly after. A
 * message about to be parked (its last attempt failed, typically because
 * Redis was away longer than the retries) schedules one too, since no later
 * message may ever reveal what it missed. A scheduled rebuild is retried
 * until it goes through.
 */
export function createSeatChangeHandler(options: SeatChangeHandlerOptions) {
  const { cache, logger, propagation } = options;
  const gapDelayMs = options.gapRebuildDelayMs ?? 1_000;
  const scheduled = new Map<string, NodeJS.Timeout>();
  const batcher = createApplyBatcher({ apply: (changes) => cache.apply(changes) });
  let closed = false;

  function scheduleRebuild(eventId: string, delayMs = gapDelayMs, failures = 0): void {
    if (closed || scheduled.has(eventId)) return;
    const retry = () =>
      scheduleRebuild(eventId, Math.min(Math.max(gapDelayMs, 100) * 2 ** failures, rebuildRetryCapMs), failures + 1);
    const timer = setTimeout(() => {
      scheduled.delete(eventId);
      cache.rebuild(eventId).then(
        // Busy: another build holds the lock, possibly a stale one left by an outage; try again after it.
        (outcome) => {
          if (outcome === 'busy') retry();
        },
        (error: unknown) => {
          logger.warn({ err: error, eventId, failures: failures + 1 }, 'availability: rebuild failed; will retry');
          retry();
        },
      );
    }, delayMs);
    scheduled.set(eventId, timer);
  }

  /** `attempt` counts deliveries of this message, 1 for the first. */
  async function handle(envelope: Envelope<SeatMessageType>, attempt: number): Promise<void> {
    try {
      await applyMessage(envelope);
    } catch (error) {
      const event = eventOf.safeParse(envelope.data);
      if (attempt >= options.finalAttempt && event.success) {
        logger.warn(
          { eventId: event.data.eventId, messageId: envelope.id },
          'availability: message given up on; rebuilding',
        );
        scheduleRebuild(event.data.eventId);
      }
      throw error;
    }
  }

  async function applyMessage(envelope: Envelope<SeatMessageType>): Promise<void> {
    const data = seatsChanged.parse(envelope.data);
    const occurredAtMs = Date.parse(envelope.occurredAt);
    const result = await batcher.submit({
      eventId: data.eventId,
      messageId: envelope.id,
      occurredAtMs: Number.isNaN(occurredAtMs) ? Date.now() : occurredAtMs,
      seats: data.seats.map((seat) => ({
        seatId: seat.seatId,
        sectionId: seat.sectionId,
        status: seat.status,
        version: seat.version,
        heldUntilMs: seat.status === 'held' && seat.heldUntil ? Date.parse(seat.heldUntil) : null,
      })),
    });
    if (result.state === 'cold') {
      await cache.rebuild(data.eventId);
      return;
    }
    if (result.changed > 0) {
      propagation.cached(occurredAtMs, { eventId: data.eventId, messageId: envelope.id, seats: result.changed });
    }
    if (result.gaps > 0 && !scheduled.has(data.eventId)) {
      logger.info({ eventId: data.eventId, messageId: envelope.id, gaps: result.gaps }, 'availability: version gap');
      scheduleRebuild(data.eventId);
    }
  }

  return {
    handle,
    close(): void {
      closed = true;
      for (const timer of scheduled.values()) clearTimeout(timer);
      scheduled.clear();
    },
  };
}
