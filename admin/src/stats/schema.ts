import { z } from 'zod';
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

export const dropStatsView = z.object({
  dropId: z.string(),
  eventId: z.string(),
  at: z.string(),
  queue: queueStats,
  seats: z.object({
    /** Free right now (a lapsed hold's seats included). */
    available: z.number().int(),
    /** In live holds. */
    held: z.number().int(),
    /** With a valid ticket from an order of this drop. */
    sold: z.number().int(),
  }),
  holds: z.object({ live: z.number().int() }),
  /** Paid orders of this drop, per currency: what was charged, what was refunded, and what remains. */
  revenue: z.array(
    z.object({
      currency: z.string(),
      paidOrders: z.number().int(),
      grossCents: z.number().int(),
      refundedCents: z.number().int(),
      netCents: z.number().int(),
    }),
  ),
});
export type DropStats = z.input<typeof dropStatsView>;
