import type { Database } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';
import type { Logger } from '@ticketing/common';
import { endHolds, lockInventory } from '../holds/end-repo.ts';
import { sortedLockKeys } from '../holds/locks.ts';
import { orderSummary, setOrderStatus, setPaymentStatus } from '../orders/repo.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { recordAuthorization } from './authorization.ts';
import type { PaymentNotification, PaymentProvider } from './gateway.ts';
import { lockNotifiedOrder, type PaymentNotice } from './notified-order.ts';
import { recordNotification, seatsOfHold } from './sale-repo.ts';
import { lockHold } from '../holds/hold-row.ts';

export type NotificationOutcome =
  | 'paid'
  | 'expired_not_charged'
  | 'already_settled'
  | 'unknown_order'
  | 'duplicate'
  | 'failed_recorded'
  | 'cancel_recorded'
  | 'ignored';

/**
 * Applies a verified provider notification. Each is recorded in
 * processed_webhooks in the same transaction as its effect, so a replay (or
 * a concurrent duplicate delivery) changes nothing.
 */
export async function applyPaymentNotification(
  db: Database,
  provider: PaymentProvider,
  notification: PaymentNotification,
  logger: Logger,
): Promise<NotificationOutcome> {
  switch (notification.kind) {
    case 'ignored':
      return 'ignored';
    case 'authorized': {
      const result = await recordAuthorization(db, {
        provider,
        providerRef: notification.providerRef,
        orderId: notification.orderId,
        notificationId: notification.eventId,
      });
      if (result.outcome === 'unknown_order') {
        logger.warn({ providerRef: notification.providerRef }, 'payment authorized for no order of ours');
      }
      return result.outcome;
    }
    case 'failed':
      return paymentFailed(db, provider, notification);
    case 'canceled':
      return paymentCanceled(db, provider, notification, logger);
  }
}

/**
 * A declined card is not the end of the order: the fan may try another
 * card on the same payment while the hold lasts. Only the payment says so.
 */
async function paymentFailed(
  db: Database,
  provider: PaymentProvider,
  notification: PaymentNotice & { eventId: string },
): Promise<NotificationOutcome> {
  return db.transaction(
    async (sql) => {
      if (!(await recordNotification(sql, provider, notification.eventId))) return 'duplicate';
      const found = await lockNotifiedOrder(sql, provider, notification);
      if (!found) return 'unknown_order';
      if (found.payment.status === 'requires_authorization') await setPaymentStatus(sql, found.payment.id, 'failed');
      return 'failed_recorded';
    },
    { retry: true },
  );
}

/**
 * The provider cancelled the payment: because we asked (a lost hold), or
 * on its own (an authorization left uncaptured too long). A pending order
 * can no longer be paid: it is cancelled, its hold ends and its seats go back
 * on sale (so the fan may hold them again), and `order.cancelled` tells the
 * other services. A paid order keeps its tickets and the uncaptured payment
 * is logged loudly, as someone must look at it.
 *
 * Locks: the order row, the payment row, then as a release does, the hold
 * row and the inventory locks in ascending order (holds/locks.ts).
 */
async function paymentCanceled(
  db: Database,
  provider: PaymentProvider,
  notification: PaymentNotice & { eventId: string },
  logger: Logger,
): Promise<NotificationOutcome> {
  return db.transaction(
    async (sql) => {
      if (!(await recordNotification(sql, provider, notification.eventId))) return 'duplicate';
      const found = await lockNotifiedOrder(sql, provider, notification);
      if (!found) return 'unknown_order';
      const { order, payment } = found;
      if (payment.status === 'captured' || payment.status === 'cancelled') return 'cancel_recorded';
      if (order.status === 'paid') {
        logger.error({ orderId: order.id, paymentId: payment.id }, 'payment cancelled at the provider before capture');
      }
      await setPaymentStatus(sql, payment.id, 'cancelled');
      if (order.status === 'pending_payment') {
        await setOrderStatus(sql, order.id, 'cancelled');
        await endHoldOfOrder(sql, order.hold_id);
        await enqueue(sql, 'order.cancelled', orderSummary(order));
      }
      return 'cancel_recorded';
    },
    { retry: true },
  );
}

/**
 * The cancelled order's hold ends, by the code a fan's release runs: its
 * seats still held by it become available, with `seat.released` and
 * `hold.ended` in the outbox. Like a release, a hold whose time was already
 * up ends as `expired`; one that has already ended is left as it is.
 */
async function endHoldOfOrder(sql: Sql, holdId: string): Promise<void> {
  const hold = await lockHold(sql, holdId);
  if (hold?.status !== 'active') return;
  const seats = await seatsOfHold(sql, hold.id, false);
  await lockInventory(sql, sortedLockKeys(seats.map((s) => s.lock_id)));
  await endHolds(sql, [hold.id], hold.lapsed ? 'expired' : 'released');
}
