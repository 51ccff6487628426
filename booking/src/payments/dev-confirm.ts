import type { Database } from '../db/database.ts';
import { notFound } from '@ticketing/common';
import { findOrder, findPayment, type OrderStatus } from '../orders/repo.ts';
import { recordAuthorization } from './authorization.ts';

/**
 * The development gateway's "the card was authorized": the fan confirms
 * their own order's payment, and the very transaction a Stripe webhook runs
 * decides whether the seats are still theirs. Confirming again is harmless.
 */
export async function confirmDevPayment(
  db: Database,
  userId: string,
  paymentId: string,
): Promise<{ orderId: string; status: OrderStatus; charged: boolean }> {
  const { payment, order } = await db.read(async (sql) => {
    const payment = await findPayment(sql, paymentId);
    return { payment, order: payment ? await findOrder(sql, payment.order_id) : null };
  });
  // Another fan's payment is as absent as one that never existed.
  if (!payment || !order || payment.provider !== 'dev' || order.user_id !== userId) {
    throw notFound('payment_not_found', 'No such payment');
  }
  await recordAuthorization(db, {
    provider: 'dev',
    providerRef: payment.provider_ref ?? `dev_${payment.id}`,
    orderId: order.id,
  });
  const settled = await db.read((sql) => findOrder(sql, order.id));
  if (!settled) throw new Error(`order ${order.id} vanished`);
  const charged = ['paid', 'refunded', 'partially_refunded'].includes(settled.status);
  return { orderId: settled.id, status: settled.status, charged };
}
