import { notFound, type Logger } from '@ticketing/common';
import { mayManage, type Actor } from '../actor.ts';
import { writeAudit } from '../audit/repo.ts';
import type { Database } from '../db/database.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { applyRefund } from '../tickets/refund.ts';
import { claimOrderToRefund, closeDrops, lockEvent, markCancelled, readCancellation } from './repo.ts';

/*
 * Cancelling an event, in two steps:
 *
 * 1. One transaction under the event's row lock: the event becomes
 *    `cancelled` (no new hold; a payment still in flight is lost and not
 *    charged, see payments/authorization.ts), every drop closes now and
 *    sends `drop.changed` (the waiting room closes the line and tells the
 *    fans in it), `event.cancelled` goes out, and the audit log says who and why.
 * 2. Every paid order is refunded, one order per transaction (each takes its
 *    seats' locks in ascending order, as every seat change must), claimed
 *    with SKIP LOCKED. Each refund is `applyRefund`: tickets revoked, seats
 *    kept off sale, `order.refunded` (the notifier mails the fan) and
 *    `payment.refund_requested` (the payments worker returns the money).
 *
 * The request does step 2 for up to `budgetMs`; whatever is left (a huge
 * event, a process that died) the sweeper finishes (`refundCancelledOrders`).
 * An order is refunded only while it is paid, under its row lock, so
 * however many refunders run, each order is refunded once. Cancelling again
 * changes nothing and answers the same.
 */

export interface EventCancellation {
  eventId: string;
  status: 'cancelled';
  cancelledAt: string;
  cancelledBy: string;
  reason: string;
  dropIds: string[];
  /** Orders of the event refunded in full, and paid orders still waiting for their refund. */
  orders: { refunded: number; left: number };
}

export async function cancelEvent(
  db: Database,
  actor: Actor,
  input: { eventId: string; reason: string },
  options: { budgetMs?: number } = {},
): Promise<EventCancellation> {
  await db.transaction(
    async (sql) => {
      const event = await lockEvent(sql, input.eventId);
      if (!event || !mayManage(actor, event.organizer_id)) throw notFound('event_not_found', 'There is no such event');
      if (event.status === 'cancelled') return;
      await markCancelled(sql, event.id, actor.id, input.reason);
      const drops = await closeDrops(sql, event.id);
      for (const drop of drops) {
        await enqueue(sql, 'drop.changed', { dropId: drop.id, eventId: event.id, version: drop.version });
      }
      await enqueue(sql, 'event.cancelled', {
        eventId: event.id,
        reason: input.reason,
        cancelledAt: new Date().toISOString(),
        dropIds: drops.map((d) => d.id),
      });
      await writeAudit(sql, {
        actorId: actor.id,
        action: 'event.cancelled',
        subjectType: 'event',
        subjectId: event.id,
        details: { reason: input.reason, previousStatus: event.status, dropIds: drops.map((d) => d.id) },
      });
    },
    { retry: true },
  );
  await refundCancelledOrders(db, { eventId: input.eventId, budgetMs: options.budgetMs ?? 20_000 });
  const cancellation = await db.read((sql) => readCancellation(sql, input.eventId));
  if (!cancellation) throw new Error(`event ${input.eventId} was cancelled and has no cancellation row`);
  return {
    eventId: cancellation.event_id,
    status: 'cancelled',
    cancelledAt: cancellation.cancelled_at,
    cancelledBy: cancellation.actor_id,
    reason: cancellation.reason,
    dropIds: cancellation.drop_ids,
    orders: { refunded: cancellation.refunded, left: cancellation.left },
  };
}

/**
 * Refunds paid orders of cancelled events (one event's, or every one's),
 * one order per transaction, until none is left or the time budget is spent.
 * Returns how many it refunded.
 */
export async function refundCancelledOrders(
  db: Database,
  options: { eventId?: string; budgetMs: number; logger?: Logger },
): Promise<number> {
  const deadline = Date.now() + options.budgetMs;
  let refunded = 0;
  while (Date.now() < deadline) {
    const done = await db.transaction(
      async (sql) => {
        const claimed = await claimOrderToRefund(sql, options.eventId ?? null);
        if (!claimed) return false;
        await applyRefund(sql, {
          orderId: claimed.order_id,
          returnSeats: false,
          actorId: claimed.actor_id,
          reason: `event cancelled: ${claimed.reason}`,
        });
        return true;
      },
      { retry: true },
    );
    if (!done) break;
    refunded++;
  }
  if (refunded > 0) options.logger?.info({ refunded, eventId: options.eventId }, 'refunded orders of cancelled events');
  return refunded;
}
