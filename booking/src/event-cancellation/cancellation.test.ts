import type { Principal } from '@ticketing/common';
import { createBookingTestDatabase, type BookingTestDatabase } from '../testing/booking-database.ts';
import { createHold, createSale, readOutbox } from '../testing/factories.ts';
import { createPaidOrder, rowOf } from '../testing/orders.ts';
import { placeOrder } from '../orders/service.ts';
import { recordAuthorization } from '../payments/authorization.ts';
import { createDevGateway } from '../payments/dev-gateway.ts';
import { cancelEvent, refundCancelledOrders } from './service.ts';

let booking: BookingTestDatabase;
const admin = { id: 'admin-1', isAdmin: true };

beforeAll(async () => {
  booking = await createBookingTestDatabase('event_cancellation');
});
afterAll(() => booking.close());

const fan = (id: string): Principal => ({
  id,
  roles: ['fan'],
  username: id,
  email: `${id}@example.test`,
  name: id,
  clientId: 'site',
});

describe('cancelEvent', () => {
  test('a fan still paying when the event is cancelled is not charged, even with a live hold', async () => {
    const sale = await createSale(booking.sql(), { seats: 2 });
    const hold = await createHold(booking.sql(), sale.drop, { userId: 'late-fan', seatIds: sale.seatIds });
    const placed = await placeOrder(booking.db, createDevGateway({ nodeEnv: 'test' }), {
      user: fan('late-fan'),
      holdId: hold.id,
      idempotencyKey: 'late',
    });
    await cancelEvent(booking.db, admin, { eventId: sale.event.id, reason: 'storm' });

    const result = await recordAuthorization(booking.db, {
      provider: 'dev',
      providerRef: `dev_${placed.body.payment.paymentId}`,
      orderId: placed.body.orderId,
    });
    expect(result).toEqual({ outcome: 'expired_not_charged', orderId: placed.body.orderId });
    expect(await rowOf(booking.sql(), 'orders', placed.body.orderId)).toMatchObject({ status: 'expired_not_charged' });
    expect((await readOutbox(booking.sql(), 'payment.cancel_requested')).map((m) => m.data.orderId)).toContain(
      placed.body.orderId,
    );
  });

  test('what a request has no time for, the sweeper finishes; nobody refunds an order twice', async () => {
    const sale = await createSale(booking.sql(), { seats: 8 });
    const orders = [];
    for (let i = 0; i < 8; i++) {
      orders.push(await createPaidOrder(booking, sale.drop, { userId: `fan-${i}`, seatIds: [sale.seatIds[i]!] }));
    }
    const cancelled = await cancelEvent(
      booking.db,
      admin,
      { eventId: sale.event.id, reason: 'flood' },
      { budgetMs: 0 },
    );
    expect(cancelled.orders).toEqual({ refunded: 0, left: 8 });

    // Three sweepers and a repeated request at once.
    const done = await Promise.all([
      refundCancelledOrders(booking.db, { budgetMs: 10_000 }),
      refundCancelledOrders(booking.db, { budgetMs: 10_000 }),
      refundCancelledOrders(booking.db, { budgetMs: 10_000 }),
      cancelEvent(booking.db, admin, { eventId: sale.event.id, reason: 'again' }),
    ]);
    expect(done[3]).toMatchObject({ reason: 'flood', status: 'cancelled' });
    const refunded = (await readOutbox(booking.sql(), 'order.refunded'))
      .filter((m) => m.data.eventId === sale.event.id)
      .map((m) => m.data.orderId);
    expect(refunded.sort()).toEqual(orders.map((o) => o.orderId).sort());
    expect(await cancelEvent(booking.db, admin, { eventId: sale.event.id, reason: 'x' })).toMatchObject({
      orders: { refunded: 8, left: 0 },
    });
  });

  test('an organizer may cancel only their own event', async () => {
    const sale = await createSale(booking.sql(), { seats: 1 });
    const refused = await cancelEvent(
      booking.db,
      { id: 'organizer-2', isAdmin: false },
      {
        eventId: sale.event.id,
        reason: 'mine?',
      },
    ).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'event_not_found' });
    const [event] = await booking
      .sql()
      .execute<Array<{ status: string }>>('SELECT status FROM events WHERE id = ?', [sale.event.id]);
    expect(event?.status).toBe('published');
  });
});
