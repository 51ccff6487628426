import { defineRoute } from '@ticketing/common';
import { cancelEvent, type Database } from '@ticketing/booking/back-office';
import { z } from 'zod';
import { actorOf, adminAccess } from '../actor.ts';

const eventParams = z.object({ eventId: z.uuid().transform((value) => value.toLowerCase()) });
const cancelBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

const cancellation = z.object({
  eventId: z.string(),
  status: z.literal('cancelled'),
  cancelledAt: z.string(),
  cancelledBy: z.string(),
  reason: z.string(),
  dropIds: z.array(z.string()),
  orders: z.object({ refunded: z.number().int(), left: z.number().int() }),
});

/**
 * Cancelling an event is idempotent by nature: the event is cancelled once
 * (the first reason stays), each paid order is refunded once, and asking
 * again answers where things stand (and refunds whatever is left). So it
 * needs no idempotency key. `orders.left` above 0 means the refunds go on in
 * booking's sweeper (or ask again).
 */
export function cancellationRoutes(db: Database, options: { budgetMs: number }) {
  return [
    defineRoute({
      method: 'post',
      path: '/events/:eventId/cancel',
      access: adminAccess,
      input: { params: eventParams, body: cancelBody },
      output: { 200: cancellation },
      async handler({ input, user }) {
        const cancelled = await cancelEvent(
          db,
          actorOf(user),
          { eventId: input.params.eventId, reason: input.body.reason },
          { budgetMs: options.budgetMs },
        );
        return { status: 200, body: cancelled, headers: { 'Cache-Control': 'no-store' } };
      },
    }),
  ];
}
