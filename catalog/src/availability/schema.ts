import { z } from 'zod';

export const seatStatus = z.enum(['available', 'held', 'sold', 'blocked']);

export const sectionAvailability = z.object({
  sectionId: z.string(),
  kind: z.enum(['reserved', 'general']),
  capacity: z.number().int().nonnegative(),
  available: z.number().int().nonnegative(),
  held: z.number().int().nonnegative(),
  sold: z.number().int().nonnegative(),
  blocked: z.number().int().nonnegative(),
});

/**
 * The compact availability of an event. `seats` names only the reserved
 * seats that are not available (a seat it does not name is free), which
 * keeps the document small while most of a venue is still on sale; general
 * admission places are interchangeable and appear only as section counts.
 * A hold whose time is up counts as available, as it does in PostgreSQL.
 */
export const availabilityDocument = z.object({
  eventId: z.string(),
  /** Open the stream with this as Last-Event-ID to get every change after this document. */
  lastEventId: z.string().nullable(),
  sections: z.array(sectionAvailability),
  seats: z.record(z.string(), seatStatus.exclude(['available'])),
});
export type AvailabilityDocument = z.infer<typeof availabilityDocument>;

/**
 * The wire form of the document: JSON text built and checked against
 * `availabilityDocument` once per change, then served as is to every reader.
 */
export const serializedAvailability = z.string().describe('availabilityDocument as JSON');

/** A change message on the stream (event `delta`), as the cache script writes it. */
export const availabilityDelta = z.object({
  kind: z.literal('delta'),
  seq: z.number().int(),
  epoch: z.string(),
  /** When booking committed the change (ms since epoch), for propagation measurements. */
  occurredAt: z.number(),
  messageId: z.string(),
  seats: z.array(
    z.object({
      seatId: z.string(),
      sectionId: z.string(),
      status: seatStatus,
      version: z.number().int(),
      /** For held seats: when the hold lapses (ms since epoch); the seat is free from then on. */
      heldUntil: z.number().optional(),
    }),
  ),
});
export type AvailabilityDelta = z.infer<typeof availabilityDelta>;

export const availabilityReset = z.object({ kind: z.literal('reset'), seq: z.number().int(), epoch: z.string() });

export const changeMessage = z.discriminatedUnion('kind', [availabilityDelta, availabilityReset]);
export type ChangeMessage = z.infer<typeof changeMessage>;
