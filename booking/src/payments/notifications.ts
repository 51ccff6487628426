import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@ticketing/common';
import {
  findPaymentByProviderRef,
  lockOrder,
  lockPaymentOfOrder,
  setOrderStatus,
  setPaymentStatus,
} from '../orders/repo.ts';
import { retryingTransaction } from '../db/retry.ts';
import { recordAuthorization } from './authorization.ts';
import type { PaymentNotification, PaymentProvider } from './gateway.ts';
import { recordNotification } from './sale-repo.ts';

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
  em: EntityManager,
  provider: PaymentProvider,
  notification: PaymentNotification,
  logger: Logger,
): Promise<NotificationOutcome> {
  switch (notification.kind) {
    case 'ignored':
      return 'ignored';
    case 'authorized': {
      const result = await recordAuthorization(em, {
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
      return paymentFailed(em, provider, notification);
    case 'canceled':
      return paymentCanceled(em, provider, notification, logger);
  }
}

/**
 * A declined card is not the end of the order: the fan may try another
 * card on the same payment while the hold lasts. Only the payment says so.
 */
async function paymentFailed(
  em: EntityManager,
  provider: PaymentProvider,
  notification: { eventId: string; orderId: string | null; providerRef: string },
): Promise<NotificationOutcome> {
  return retryingTransaction(em, async (tx) => {
    if (!(await recordNotification(tx, provider, notification.eventId))) return 'duplicate';
    const payment = await paymentOf(tx, provider, notification);
    if (!payment) return 'unknown_order';
    if (payment.status === 'requires_authorization') await setPaymentStatus(tx, payment.id, 'failed');
    return 'failed_recorded';
  });
}

/**
 * The provider cancelled the payment: because we asked (a lost hold), or
 * on its own (an authorization left uncaptured too long). A pending order
 * can no longer be paid and is cancelled; a paid order keeps its tickets and
 * the uncaptured payment is logged loudly, as someone must look at it.
 */
async function paymentCanceled(
  em: EntityManager,
  provider: PaymentProvider,
  notification: { eventId: string; orderId: string | null; providerRef: string },
  logger: Logger,
): Promise<NotificationOutcome> {
  return retryingTransaction(em, async (tx) => {
    if (!(await recordNotification(tx, provider, notification.eventId))) return 'duplicate';
    const found = await paymentOf(tx, provider, notification);
    const order = found ? await lockOrder(tx, found.order_id) : null;
    const payment = order ? await lockPaymentOfOrder(tx, order.id) : null;
    if (!order || !payment) return 'unknown_order';
    if (payment.status === 'captured' || payment.status === 'cancelled') return 'cancel_recorded';
    if (order.status === 'paid') {
      logger.error({ orderId: order.id, paymentId: payment.id }, 'payment cancelled at the provider before capture');
    }
    await setPaymentStatus(tx, payment.id, 'cancelled');
    if (order.status === 'pending_payment') await setOrderStatus(tx, order.id, 'cancelled');
    return 'cancel_recorded';
  });
}

async function paymentOf(
  em: EntityManager,
  provider: PaymentProvider,
  notification: { orderId: string | null; providerRef: string },
) {
  const byRef = await findPaymentByProviderRef(em, provider, notification.providerRef);
  if (byRef || !notification.orderId) return byRef;
  const byOrder = await lockPaymentOfOrder(em, notification.orderId);
  // Before the reference was recorded, the order id in the metadata is the link.
  return byOrder && byOrder.provider === provider && byOrder.provider_ref === null ? byOrder : null;
}
