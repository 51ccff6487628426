import type { Sql } from '../db/sql.ts';
import {
  findPaymentByProviderRef,
  lockOrder,
  lockPaymentOfOrder,
  type OrderRow,
  type PaymentRow,
} from '../orders/repo.ts';
import type { PaymentProvider } from './gateway.ts';

export interface PaymentNotice {
  /** The provider's payment id the notice is about. */
  providerRef: string;
  /** The order the provider's metadata names, when it carries one. */
  orderId: string | null;
}

/**
 * The order and payment a provider's notice is about, locked the way every
 * payment use case locks them (see holds/locks.ts): the order row first, then
 * its payment row. The order is the one the metadata names, or else the one
 * whose payment has this reference. Null when they are not ours: no such
 * order, another provider's payment, or a payment intent that is not this
 * order's (never act on the strength of someone else's payment).
 */
export async function lockNotifiedOrder(
  sql: Sql,
  provider: PaymentProvider,
  notice: PaymentNotice,
): Promise<{ order: OrderRow; payment: PaymentRow } | null> {
  const orderId = notice.orderId ?? (await findPaymentByProviderRef(sql, provider, notice.providerRef))?.order_id;
  const order = orderId ? await lockOrder(sql, orderId) : null;
  const payment = order ? await lockPaymentOfOrder(sql, order.id) : null;
  if (!order || !payment || payment.provider !== provider) return null;
  if (payment.provider_ref !== null && payment.provider_ref !== notice.providerRef) return null;
  return { order, payment };
}
