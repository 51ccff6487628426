import { z } from 'zod';

/**
 * A drop's live queue numbers, as the waiting room answers
 * `GET /drops/:dropId/stats` and the admin dashboard reads them.
 */
export const dropQueueStats = z.object({
  dropId: z.string(),
  eventId: z.string(),
  phase: z.string(),
  /** Fans in line, pre-queue included. */
  waiting: z.number(),
  prequeued: z.number(),
  /** Admitted since the start. */
  admitted: z.number(),
  /** Admitted and not finished: what `maxActive` caps. */
  active: z.number(),
  finished: z.number(),
  admissionsExpired: z.number(),
  droppedInactive: z.number(),
  releasedPerMinute: z.number(),
  configuredRatePerMinute: z.number(),
  maxActive: z.number(),
  /** Seconds until the last fan in line is admitted, at the measured pace; null when nobody waits or the line is still. */
  etaForLastSeconds: z.number().nullable(),
  soldOut: z.boolean(),
  /** The waiting room's view of the drop's seats; null until booking has reported them. */
  seatsAvailable: z.number().nullable(),
  seatsHeld: z.number().nullable(),
  seatsSold: z.number().nullable(),
  /** When the waiting room took these numbers. */
  at: z.string(),
});
export type DropQueueStats = z.infer<typeof dropQueueStats>;
