import { z } from 'zod';
import { dropSales } from '@ticketing/booking/back-office';

/** The live queue numbers, as the waiting room reports them. */
export const queueNumbers = z.object({
  phase: z.string(),
  /** Fans in line, pre-queue included. */
  waiting: z.number(),
  prequeued: z.number(),
  /** Admitted since the start. */
  admitted: z.number(),
  /** Admitted and not finished: what `maxActive` caps. */
  active: z.number(),
  finished: z.number(),
  releasedPerMinute: z.number(),
  configuredRatePerMinute: z.number(),
  maxActive: z.number(),
  /** Seconds until the last fan in line is admitted, at the measured pace; null when nobody waits or the line is still. */
  etaForLastSeconds: z.number().nullable(),
  soldOut: z.boolean(),
  /** When the waiting room took these numbers. */
  at: z.string(),
});
export type QueueNumbers = z.infer<typeof queueNumbers>;

export const queueUnavailableReasons = ['unreachable', 'timeout', 'not_found', 'error'] as const;

const queueStats = z.discriminatedUnion('available', [
  queueNumbers.extend({ available: z.literal(true) }),
  z.object({
    available: z.literal(false),
    /** `not_found`: the waiting room has no line for this drop yet (nobody has joined). */
    reason: z.enum(queueUnavailableReasons),
    detail: z.string(),
  }),
]);
export type QueueStats = z.input<typeof queueStats>;

/** The live dashboard: the queue as the waiting room sees it, beside booking's seats, holds and revenue. */
export const dropStatsView = dropSales.extend({
  at: z.string(),
  queue: queueStats,
});
export type DropStats = z.input<typeof dropStatsView>;
