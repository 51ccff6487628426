import { z } from 'zod';
import { dropSales } from '@ticketing/booking/back-office';
import { dropQueueStats } from '@ticketing/common/contracts/queue-stats';

/** The live queue numbers the dashboard shows, out of what the waiting room reports. */
export const queueNumbers = dropQueueStats.pick({
  phase: true,
  waiting: true,
  prequeued: true,
  admitted: true,
  active: true,
  finished: true,
  releasedPerMinute: true,
  configuredRatePerMinute: true,
  maxActive: true,
  etaForLastSeconds: true,
  soldOut: true,
  at: true,
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
