import { z } from 'zod';

/** What PostgreSQL knows of a drop's sale right now: the organizer's dashboard shows it beside the queue. */
export const dropSales = z.object({
  dropId: z.string(),
  eventId: z.string(),
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
export type DropSales = z.input<typeof dropSales>;
