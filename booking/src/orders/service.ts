import { randomUUID } from 'node:crypto';
import { conflict, DomainError, notFound, type Principal } from '@ticketing/common';
import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Sql } from '../db/sql.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { lockHold } from '../holds/hold-row.ts';
import { devConfirmPath } from '../payments/dev-gateway.ts';
import type { PaymentGateway } from '../payments/gateway.ts';
import {
  attachProviderPayment,
  findOrderByHold,
  findOrderByKey,
  findPaymentOfOrder,
  holdExpiry,
  insertOrder,
  orderSummary,
  pricedHoldSeats,
  type OrderRow,
  type PaymentRow,
} from './repo.ts';
import type { PlacedOrderBody } from './schema.ts';

export interface PlaceOrderInput {
  user: Principal;
  holdId: string;
  idempotencyKey: string;
}

export interface PlaceOrderResult {
  /** False when the idempotency key named an order that already existed. */
  created: boolean;
  body: PlacedOrderBody;
}

/**
 * Turns a fan's hold into an order awaiting payment. The order, its items
 * and its payment row commit first; only then is the provider asked for a
 * payment (no HTTP inside a transaction). If that call fails, the order
 * stands and the same request (same Idempotency-Key) finishes the job: the
 * provider's own idempotency key is the order id, so it never makes two.
 */
export async function placeOrder(
  db: Database,
  gateway: PaymentGateway,
  input: PlaceOrderInput,
): Promise<PlaceOrderResult> {
  let created = false;
  const byKey = () => db.read((sql) => findOrderByKey(sql, input.user.id, input.idempotencyKey));
  let order = await byKey();
  if (!order) {
    try {
      ({ order, created } = await db.transaction((sql) => createOrder(sql, gateway, input)));
    } catch (error) {
      // A concurrent request with the same key won the race: answer with its order.
      if (!isUniqueViolation(error)) throw error;
      order = await byKey();
      if (!order) throw error;
    }
  }
  if (order.hold_id !== input.holdId) {
    throw new DomainError('unprocessable', 'idempotency_key_reused', 'This Idempotency-Key was used for another hold', {
      details: { orderId: order.id },
    });
  }
  const payment = await ensureProviderPayment(db, gateway, order);
  return { created, body: await db.read((sql) => presentPlacedOrder(sql, order, payment)) };
}

async function createOrder(
  sql: Sql,
  gateway: PaymentGateway,
  input: PlaceOrderInput,
): Promise<{ order: OrderRow; created: boolean }> {
  // The hold's row lock serialises every order attempt on this hold.
  const hold = await lockHold(sql, input.holdId);
  if (!hold || hold.user_id !== input.user.id) throw notFound('hold_not_found', 'No such hold');
  const sameKey = await findOrderByKey(sql, input.user.id, input.idempotencyKey);
  if (sameKey) return { order: sameKey, created: false };
  if (hold.status === 'converted' || (await findOrderByHold(sql, hold.id))) {
    throw conflict('hold_already_ordered', 'An order already exists for this hold');
  }
  if (hold.status !== 'active' || hold.lapsed) {
    throw conflict('hold_expired', 'The hold is no longer active', { details: { expiresAt: hold.expires_at } });
  }
  const items = await pricedHoldSeats(sql, hold.id);
  const currencies = new Set(items.map((item) => item.currency.trim()));
  const [currency] = currencies;
  if (items.length === 0 || currency === undefined) throw conflict('hold_empty', 'The hold has no seats');
  if (currencies.size > 1) throw conflict('hold_mixed_currency', 'The held seats are priced in several currencies');

  const id = randomUUID();
  const totalCents = items.reduce((sum, item) => sum + item.price_cents, 0);
  await insertOrder(sql, {
    id,
    userId: input.user.id,
    email: input.user.email ?? null,
    name: input.user.name ?? null,
    eventId: hold.event_id,
    dropId: hold.drop_id,
    holdId: hold.id,
    idempotencyKey: input.idempotencyKey,
    totalCents,
    currency,
    items,
    paymentId: randomUUID(),
    provider: gateway.provider,
  });
  const order = await findOrderByKey(sql, input.user.id, input.idempotencyKey);
  if (!order) throw new Error(`order ${id} vanished inside its own transaction`);
  await enqueue(sql, 'order.created', orderSummary(order));
  return { order, created: true };
}

/** Creates the provider's payment if this order does not have one yet, then records it. */
async function ensureProviderPayment(db: Database, gateway: PaymentGateway, order: OrderRow): Promise<PaymentRow> {
  const payment = await db.read((sql) => findPaymentOfOrder(sql, order.id));
  if (!payment) throw new Error(`order ${order.id} has no payment row`);
  if (payment.provider_ref !== null || order.status !== 'pending_payment') return payment;
  if (payment.provider !== gateway.provider) {
    // The deployment switched providers while this order waited: it cannot be paid any more.
    throw conflict('payment_provider_changed', 'This order was started with another payment provider', {
      details: { orderId: order.id },
    });
  }
  const made = await gateway.createPayment({
    orderId: order.id,
    paymentId: payment.id,
    amountCents: payment.amount_cents,
    currency: payment.currency.trim(),
    idempotencyKey: order.id,
  });
  const updated = await db.read(async (sql) => {
    await attachProviderPayment(sql, payment.id, made.providerRef, made.clientSecret);
    return findPaymentOfOrder(sql, order.id);
  });
  if (!updated) throw new Error(`payment of order ${order.id} vanished`);
  return updated;
}

async function presentPlacedOrder(sql: Sql, order: OrderRow, payment: PaymentRow): Promise<PlacedOrderBody> {
  return {
    orderId: order.id,
    status: order.status,
    totalCents: order.total_cents,
    currency: order.currency.trim(),
    expiresAt: await holdExpiry(sql, order.hold_id),
    payment: {
      provider: payment.provider,
      paymentId: payment.id,
      ...(payment.client_secret ? { clientSecret: payment.client_secret } : {}),
      ...(payment.provider === 'dev' ? { confirmUrl: devConfirmPath(payment.id) } : {}),
    },
  };
}
