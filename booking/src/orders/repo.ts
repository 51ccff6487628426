import type { Sql } from '../db/sql.ts';
import type { OrderSummary } from '@ticketing/common';
import { isoText, pgArray } from '../db/sql.ts';

/** SQL of the orders context: orders, their items and their payment row. */

export type OrderStatus =
  'pending_payment' | 'paid' | 'expired_not_charged' | 'cancelled' | 'refunded' | 'partially_refunded';

export type PaymentStatus =
  'requires_authorization' | 'authorized' | 'capture_queued' | 'captured' | 'cancelled' | 'failed';

export interface OrderRow {
  id: string;
  user_id: string;
  user_email: string | null;
  user_name: string | null;
  event_id: string;
  drop_id: string;
  hold_id: string;
  idempotency_key: string;
  status: OrderStatus;
  total_cents: number;
  refunded_cents: number;
  currency: string;
  created_at: string;
  paid_at: string | null;
}

export interface PaymentRow {
  id: string;
  order_id: string;
  provider: 'stripe' | 'dev';
  provider_ref: string | null;
  status: PaymentStatus;
  amount_cents: number;
  refunded_cents: number;
  currency: string;
  client_secret: string | null;
}

const orderColumns = `id, user_id, user_email, user_name, event_id, drop_id, hold_id, idempotency_key, status,
  total_cents, refunded_cents, currency, ${isoText('created_at')} AS created_at, ${isoText('paid_at')} AS paid_at`;
const paymentColumns = `id, order_id, provider, provider_ref, status, amount_cents, refunded_cents, currency, client_secret`;

export async function findOrderByKey(sql: Sql, userId: string, key: string): Promise<OrderRow | null> {
  const rows = await sql.query<OrderRow>(
    `SELECT ${orderColumns} FROM orders WHERE user_id = ? AND idempotency_key = ?`,
    [userId, key],
  );
  return rows[0] ?? null;
}

export async function findOrderByHold(sql: Sql, holdId: string): Promise<OrderRow | null> {
  const rows = await sql.query<OrderRow>(`SELECT ${orderColumns} FROM orders WHERE hold_id = ?`, [holdId]);
  return rows[0] ?? null;
}

export async function findOrder(sql: Sql, orderId: string): Promise<OrderRow | null> {
  const rows = await sql.query<OrderRow>(`SELECT ${orderColumns} FROM orders WHERE id = ?`, [orderId]);
  return rows[0] ?? null;
}

/** Locks the order row: every change of an order's state happens under this lock. */
export async function lockOrder(sql: Sql, orderId: string): Promise<OrderRow | null> {
  const rows = await sql.query<OrderRow>(`SELECT ${orderColumns} FROM orders WHERE id = ? FOR UPDATE`, [orderId]);
  return rows[0] ?? null;
}

export async function holdExpiry(sql: Sql, holdId: string): Promise<string> {
  const rows = await sql.query<{ expires_at: string }>(
    `SELECT ${isoText('expires_at')} AS expires_at FROM holds WHERE id = ?`,
    [holdId],
  );
  if (!rows[0]) throw new Error(`hold ${holdId} of an order is missing`);
  return rows[0].expires_at;
}

export interface PricedSeat {
  seat_id: string;
  price_cents: number;
  currency: string;
}

/** The seats a hold took, each at its tier's price. */
export async function pricedHoldSeats(sql: Sql, holdId: string): Promise<PricedSeat[]> {
  return sql.query<PricedSeat>(
    `SELECT s.id AS seat_id, t.price_cents, t.currency
     FROM hold_seats hs JOIN seats s ON s.id = hs.seat_id JOIN price_tiers t ON t.id = s.price_tier_id
     WHERE hs.hold_id = ? ORDER BY s.id`,
    [holdId],
  );
}

export interface NewOrder {
  id: string;
  userId: string;
  email: string | null;
  name: string | null;
  eventId: string;
  dropId: string;
  holdId: string;
  idempotencyKey: string;
  totalCents: number;
  currency: string;
  items: PricedSeat[];
  paymentId: string;
  provider: 'stripe' | 'dev';
}

/** The order, its items and its payment row (not yet known to the provider), in one go. */
export async function insertOrder(sql: Sql, order: NewOrder): Promise<void> {
  await sql.query(
    `INSERT INTO orders (id, user_id, user_email, user_name, event_id, drop_id, hold_id, idempotency_key, total_cents, currency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      order.id,
      order.userId,
      order.email,
      order.name,
      order.eventId,
      order.dropId,
      order.holdId,
      order.idempotencyKey,
      order.totalCents,
      order.currency,
    ],
  );
  await sql.query(
    `INSERT INTO order_items (order_id, seat_id, price_cents)
     SELECT ?, (item->>'seat_id')::uuid, (item->>'price_cents')::integer FROM jsonb_array_elements(?::jsonb) AS item`,
    [order.id, JSON.stringify(order.items)],
  );
  await sql.query(
    `INSERT INTO payments (id, order_id, provider, status, amount_cents, currency)
     VALUES (?, ?, ?, 'requires_authorization', ?, ?)`,
    [order.paymentId, order.id, order.provider, order.totalCents, order.currency],
  );
}

export async function findPaymentOfOrder(sql: Sql, orderId: string): Promise<PaymentRow | null> {
  const rows = await sql.query<PaymentRow>(`SELECT ${paymentColumns} FROM payments WHERE order_id = ?`, [orderId]);
  return rows[0] ?? null;
}

export async function lockPaymentOfOrder(sql: Sql, orderId: string): Promise<PaymentRow | null> {
  const rows = await sql.query<PaymentRow>(`SELECT ${paymentColumns} FROM payments WHERE order_id = ? FOR UPDATE`, [
    orderId,
  ]);
  return rows[0] ?? null;
}

export async function findPayment(sql: Sql, paymentId: string): Promise<PaymentRow | null> {
  const rows = await sql.query<PaymentRow>(`SELECT ${paymentColumns} FROM payments WHERE id = ?`, [paymentId]);
  return rows[0] ?? null;
}

export async function findPaymentByProviderRef(
  sql: Sql,
  provider: string,
  providerRef: string,
): Promise<PaymentRow | null> {
  const rows = await sql.query<PaymentRow>(
    `SELECT ${paymentColumns} FROM payments WHERE provider = ? AND provider_ref = ?`,
    [provider, providerRef],
  );
  return rows[0] ?? null;
}

/** Records what the provider made of the payment; a reference already known is kept. */
export async function attachProviderPayment(
  sql: Sql,
  paymentId: string,
  providerRef: string,
  clientSecret: string | null,
): Promise<void> {
  await sql.query(
    `UPDATE payments SET provider_ref = COALESCE(provider_ref, ?), client_secret = COALESCE(client_secret, ?),
       updated_at = now()
     WHERE id = ?`,
    [providerRef, clientSecret, paymentId],
  );
}

export async function setOrderStatus(
  sql: Sql,
  orderId: string,
  status: OrderStatus,
  extra: { paid?: boolean; refundedCents?: number } = {},
): Promise<void> {
  await sql.query(
    `UPDATE orders SET status = ?, updated_at = now(),
       paid_at = CASE WHEN ? THEN now() ELSE paid_at END,
       refunded_cents = refunded_cents + ?
     WHERE id = ?`,
    [status, extra.paid ?? false, extra.refundedCents ?? 0, orderId],
  );
}

export async function setPaymentStatus(
  sql: Sql,
  paymentId: string,
  status: PaymentStatus,
  extra: { providerRef?: string; refundedCents?: number } = {},
): Promise<void> {
  await sql.query(
    `UPDATE payments SET status = ?, provider_ref = COALESCE(provider_ref, ?),
       refunded_cents = refunded_cents + ?, updated_at = now()
     WHERE id = ?`,
    [status, extra.providerRef ?? null, extra.refundedCents ?? 0, paymentId],
  );
}

/** The order as every order message describes it. */
export function orderSummary(order: OrderRow): OrderSummary {
  return {
    orderId: order.id,
    userId: order.user_id,
    email: order.user_email,
    name: order.user_name,
    eventId: order.event_id,
    dropId: order.drop_id,
    totalCents: order.total_cents,
    currency: order.currency.trim(),
  };
}

/** Moves a payment from one of `from` to `to`; false when it was in another state (someone else moved it). */
export async function transitionPayment(
  sql: Sql,
  paymentId: string,
  from: readonly PaymentStatus[],
  to: PaymentStatus,
): Promise<boolean> {
  const rows = await sql.query<{ id: string }>(
    `UPDATE payments SET status = ?, updated_at = now() WHERE id = ? AND status = ANY(?::text[]) RETURNING id`,
    [to, paymentId, pgArray(from)],
  );
  return rows.length === 1;
}

/** Money decided to go back: the payment's books, ahead of the provider call the outbox queues. */
export async function addPaymentRefund(sql: Sql, paymentId: string, amountCents: number): Promise<void> {
  await sql.query(`UPDATE payments SET refunded_cents = refunded_cents + ?, updated_at = now() WHERE id = ?`, [
    amountCents,
    paymentId,
  ]);
}

/** What each seat of an order was sold for. */
export async function itemPrices(sql: Sql, orderId: string): Promise<Map<string, number>> {
  const rows = await sql.query<{ seat_id: string; price_cents: number }>(
    `SELECT seat_id, price_cents FROM order_items WHERE order_id = ?`,
    [orderId],
  );
  return new Map(rows.map((r) => [r.seat_id, r.price_cents]));
}
