import type { EntityManager } from '@mikro-orm/postgresql';
import { retryingTransaction } from '../db/retry.ts';
import { ormSql } from '../db/sql.ts';
import { sortedLockKeys } from '../holds/locks.ts';
import { lockInventory } from '../holds/end-repo.ts';
import {
  findPaymentByProviderRef,
  lockOrder,
  lockPaymentOfOrder,
  orderSummary,
  setOrderStatus,
  setPaymentStatus,
} from '../orders/repo.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { issueTickets } from '../tickets/repo.ts';
import type { PaymentProvider } from './gateway.ts';
import {
  convertHold,
  lockHoldForSale,
  recordNotification,
  seatsOfHold,
  sellSeats,
  setLockTimeout,
  type HoldForSale,
  type SeatForSale,
} from './sale-repo.ts';

export interface AuthorizationInput {
  provider: PaymentProvider;
  /** The provider's payment id the authorization is for. */
  providerRef: string;
  /** The order the provider's metadata names, when it carries one. */
  orderId: string | null;
  /** The provider's event id, for deduplication; absent for the development gateway. */
  notificationId?: string;
}

export type AuthorizationResult =
  | { outcome: 'paid'; orderId: string; ticketIds: string[] }
  | { outcome: 'expired_not_charged'; orderId: string }
  | { outcome: 'already_settled'; orderId: string; status: string }
  | { outcome: 'unknown_order' }
  | { outcome: 'duplicate' };

const lockTimeoutMs = 5_000;

/**
 * The moment of truth, in ONE transaction: the card is authorized, so check
 * the hold is still the fan's. It is if every seat it took is still held by
 * it, or has fallen free without anyone else taking it (the hold lapsed, the
 * sweeper released it, nobody came): selling it then is correct and kind.
 * If any seat is now someone else's (or the fan released the hold), the sale
 * is lost: the authorization is cancelled and the fan is told they were not
 * charged, and no seat is touched.
 *
 * Locks follow the inventory discipline: order row, hold row, then the
 * inventory advisory locks in ascending order, then the seat rows.
 */
export async function recordAuthorization(em: EntityManager, input: AuthorizationInput): Promise<AuthorizationResult> {
  return retryingTransaction(em, async (tx) => {
    if (input.notificationId && !(await recordNotification(tx, input.provider, input.notificationId))) {
      return { outcome: 'duplicate' };
    }
    const orderId = input.orderId ?? (await findPaymentByProviderRef(tx, input.provider, input.providerRef))?.order_id;
    const order = orderId ? await lockOrder(tx, orderId) : null;
    const payment = order ? await lockPaymentOfOrder(tx, order.id) : null;
    if (!order || !payment || payment.provider !== input.provider) return { outcome: 'unknown_order' };
    // An intent that is not this order's: never sell on the strength of someone else's authorization.
    if (payment.provider_ref !== null && payment.provider_ref !== input.providerRef)
      return { outcome: 'unknown_order' };
    if (order.status !== 'pending_payment')
      return { outcome: 'already_settled', orderId: order.id, status: order.status };

    await setLockTimeout(tx, lockTimeoutMs);
    const hold = await lockHoldForSale(tx, order.hold_id);
    if (!hold) throw new Error(`order ${order.id} names a missing hold`);
    const planned = await seatsOfHold(tx, hold.id, false);
    await lockInventory(ormSql(tx), sortedLockKeys(planned.map((s) => s.lock_id)));
    const seats = await seatsOfHold(tx, hold.id, true);
    const summary = orderSummary(order);

    if (!stillTheFans(hold, seats)) {
      await setOrderStatus(tx, order.id, 'expired_not_charged');
      // The authorization stands until the cancel command has run; the order already tells the truth.
      await setPaymentStatus(tx, payment.id, 'authorized', { providerRef: input.providerRef });
      await enqueue(tx, 'order.expired_not_charged', summary);
      await enqueue(tx, 'payment.cancel_requested', {
        orderId: order.id,
        paymentId: payment.id,
        provider: payment.provider,
        providerRef: payment.provider_ref ?? input.providerRef,
      });
      return { outcome: 'expired_not_charged', orderId: order.id };
    }

    const sold = await sellSeats(
      tx,
      seats.map((s) => s.id),
    );
    await convertHold(tx, hold.id);
    const tickets = await issueTickets(tx, {
      orderId: order.id,
      eventId: order.event_id,
      userId: order.user_id,
      seatIds: seats.map((s) => s.id),
    });
    await setOrderStatus(tx, order.id, 'paid', { paid: true });
    await setPaymentStatus(tx, payment.id, 'capture_queued', { providerRef: input.providerRef });
    await enqueue(tx, 'seat.sold', { eventId: order.event_id, dropId: order.drop_id, seats: sold });
    await enqueue(tx, 'hold.ended', {
      holdId: hold.id,
      eventId: hold.event_id,
      dropId: hold.drop_id,
      userId: hold.user_id,
      reason: 'converted',
    });
    await enqueue(tx, 'order.paid', { ...summary, tickets });
    await enqueue(tx, 'payment.capture_requested', {
      orderId: order.id,
      paymentId: payment.id,
      provider: payment.provider,
      providerRef: payment.provider_ref ?? input.providerRef,
      amountCents: payment.amount_cents,
    });
    return { outcome: 'paid', orderId: order.id, ticketIds: tickets.map((t) => t.ticketId) };
  });
}

function stillTheFans(hold: HoldForSale, seats: SeatForSale[]): boolean {
  // Released means the fan let go; converted cannot happen twice for one order.
  if (hold.status !== 'active' && hold.status !== 'expired') return false;
  if (seats.length === 0) return false;
  return seats.every((s) => (s.status === 'held' && s.hold_id === hold.id) || s.status === 'available');
}
