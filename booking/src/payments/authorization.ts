import type { Database } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';
import { sortedLockKeys } from '../holds/locks.ts';
import { lockInventory } from '../holds/end-repo.ts';
import { lockHold, type LockedHold } from '../holds/hold-row.ts';
import { orderSummary, setOrderStatus, setPaymentStatus, type OrderRow, type PaymentRow } from '../orders/repo.ts';
import { eventCancelledForSale } from '../event-cancellation/repo.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { issueTickets } from '../tickets/repo.ts';
import type { PaymentProvider } from './gateway.ts';
import { lockNotifiedOrder } from './notified-order.ts';
import {
  convertHold,
  lapsedHoldSellable,
  lockFan,
  recordNotification,
  seatsOfHold,
  sellSeats,
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

/**
 * The moment of truth, in ONE transaction: the card is authorized, so check
 * the hold is still the fan's. It is if every seat it took is still held by
 * it, or has fallen free without anyone else taking it (the hold lapsed, the
 * sweeper released it, nobody came): selling it then is correct and kind.
 * A lapsed hold is sold only on the terms a new hold would get: the drop on
 * sale, the event published, the fan within the per-fan limit (a lapsed hold
 * stops counting toward it, so without this check a fan could hold again and
 * then pay for both). If any seat is now someone else's, the fan released
 * the hold, or a lapsed hold fails those terms, the sale is lost: the
 * authorization is cancelled and the fan is told they were not charged, and
 * no seat is touched. A live hold sells as it is, unless the event was
 * cancelled: then nothing sells, and the fan is not charged.
 *
 * Locks follow the inventory discipline: order row, payment row, the event
 * row (key share, against a cancellation), the fan lock, the hold row, then
 * the inventory advisory locks in ascending order, then the seat rows.
 */
export async function recordAuthorization(db: Database, input: AuthorizationInput): Promise<AuthorizationResult> {
  return db.transaction(
    async (sql) => {
      if (input.notificationId && !(await recordNotification(sql, input.provider, input.notificationId))) {
        return { outcome: 'duplicate' };
      }
      const found = await lockNotifiedOrder(sql, input.provider, input);
      if (!found) return { outcome: 'unknown_order' };
      const { order, payment } = found;
      if (order.status !== 'pending_payment')
        return { outcome: 'already_settled', orderId: order.id, status: order.status };
      // A cancelled event sells nothing, not even a live hold; the fan is not charged.
      if (await eventCancelledForSale(sql, order.event_id)) return loseSale(sql, order, payment, input.providerRef);

      // The order's drop and fan are its hold's; under this lock the fan's count of seats cannot move.
      await lockFan(sql, order.drop_id, order.user_id);
      const hold = await lockHold(sql, order.hold_id);
      if (!hold) throw new Error(`order ${order.id} names a missing hold`);
      const planned = await seatsOfHold(sql, hold.id, false);
      if (hold.lapsed && !(await lapsedHoldSellable(sql, hold.id, planned.length))) {
        return loseSale(sql, order, payment, input.providerRef);
      }
      await lockInventory(sql, sortedLockKeys(planned.map((s) => s.lock_id)));
      const seats = await seatsOfHold(sql, hold.id, true);
      if (!stillTheFans(hold, seats)) return loseSale(sql, order, payment, input.providerRef);
      const summary = orderSummary(order);

      const sold = await sellSeats(
        sql,
        seats.map((s) => s.id),
      );
      await convertHold(sql, hold.id);
      const tickets = await issueTickets(sql, {
        orderId: order.id,
        eventId: order.event_id,
        userId: order.user_id,
        seatIds: seats.map((s) => s.id),
      });
      await setOrderStatus(sql, order.id, 'paid', { paid: true });
      await setPaymentStatus(sql, payment.id, 'capture_queued', { providerRef: input.providerRef });
      await enqueue(sql, 'seat.sold', { eventId: order.event_id, dropId: order.drop_id, seats: sold });
      await enqueue(sql, 'hold.ended', {
        holdId: hold.id,
        eventId: hold.event_id,
        dropId: hold.drop_id,
        userId: hold.user_id,
        reason: 'converted',
      });
      await enqueue(sql, 'order.paid', { ...summary, tickets });
      await enqueue(sql, 'payment.capture_requested', {
        orderId: order.id,
        paymentId: payment.id,
        provider: payment.provider,
        providerRef: payment.provider_ref ?? input.providerRef,
        amountCents: payment.amount_cents,
      });
      return { outcome: 'paid', orderId: order.id, ticketIds: tickets.map((t) => t.ticketId) };
    },
    { retry: true },
  );
}

/** The fan keeps their money: the order says so at once, and the authorization is cancelled after the commit. */
async function loseSale(
  sql: Sql,
  order: OrderRow,
  payment: PaymentRow,
  providerRef: string,
): Promise<AuthorizationResult> {
  await setOrderStatus(sql, order.id, 'expired_not_charged');
  // The authorization stands until the cancel command has run; the order already tells the truth.
  await setPaymentStatus(sql, payment.id, 'authorized', { providerRef });
  await enqueue(sql, 'order.expired_not_charged', orderSummary(order));
  await enqueue(sql, 'payment.cancel_requested', {
    orderId: order.id,
    paymentId: payment.id,
    provider: payment.provider,
    providerRef: payment.provider_ref ?? providerRef,
  });
  return { outcome: 'expired_not_charged', orderId: order.id };
}

function stillTheFans(hold: LockedHold, seats: SeatForSale[]): boolean {
  // Released means the fan let go; converted cannot happen twice for one order.
  if (hold.status !== 'active' && hold.status !== 'expired') return false;
  if (seats.length === 0) return false;
  return seats.every((s) => (s.status === 'held' && s.hold_id === hold.id) || s.status === 'available');
}
