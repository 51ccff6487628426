import { z } from 'zod';
import type { Envelope, Logger } from '@ticketing/common';
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
}

/**
 * Applies one seat message to the cache. Idempotent without bookkeeping:
 * each seat is written only when its version is newer, so a duplicate or a
 * message overtaken by a later one changes nothing. A cold cache is built
 * from PostgreSQL before the message is acknowledged (the build reads a
 * state that already contains it); a version that jumps means a message was
 * lost or is still on its way, and schedules a rebuild shortly after.
 */
export function createSeatChangeHandler(options: SeatChangeHandlerOptions) {
  const { cache, logger, propagation } = options;
  const gapDelayMs = options.gapRebuildDelayMs ?? 1_000;
  const scheduled = new Map<string, NodeJS.Timeout>();

  function scheduleRebuild(eventId: string): void {
    if (scheduled.has(eventId)) return;
    const timer = setTimeout(() => {
      scheduled.delete(eventId);
      cache.rebuildInBackground(eventId);
    }, gapDelayMs);
    scheduled.set(eventId, timer);
  }

  async function handle(envelope: Envelope<SeatMessageType>): Promise<void> {
    const data = seatsChanged.parse(envelope.data);
    const occurredAtMs = Date.parse(envelope.occurredAt);
    const result = await cache.apply({
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
    if (result.gaps > 0) {
      logger.info({ eventId: data.eventId, messageId: envelope.id, gaps: result.gaps }, 'availability: version gap');
      scheduleRebuild(data.eventId);
    }
  }

  return {
    handle,
    close(): void {
      for (const timer of scheduled.values()) clearTimeout(timer);
      scheduled.clear();
    },
  };
}
