import {
  createPaidOrder,
  createSale,
  readAudit,
  readDropRow,
  readOutbox,
  readSeats,
  settlePayments,
  ticketIdsOfOrder,
  type SaleFixture,
} from '@ticketing/booking/testing';
import { refundOrder } from '@ticketing/booking/back-office';
import { admin, adminClient, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;

beforeAll(async () => {
  app = await startAdminTestApp('admin_cancellation', { ADMIN_DATABASE_POOL_SIZE: '10' });
  call = adminClient(app);
});
afterAll(async () => {
  await app.close();
});

const cancel = (eventId: string, reason = 'the artist is ill') =>
  call('POST', `/events/${eventId}/cancel`, { as: admin(), body: { reason } });

async function soldOut(sale: SaleFixture, orders: number) {
  const made = [];
  for (let i = 0; i < orders; i++) {
    const seatIds = sale.seatIds.slice(i * 2, i * 2 + 2);
    made.push(await createPaidOrder(app.booking, sale.drop, { userId: `fan-${i}`, seatIds }));
  }
  return made;
}

describe('POST /events/:eventId/cancel', () => {
  test('every paid order is refunded once, every fan mailed, the drops closed and the line told', async () => {
    const sale = await createSale(app.booking.sql(), { seats: 12, priceCents: 3_000 });
    const orders = await soldOut(sale, 6);
    // One order was already refunded in part: only its remaining ticket is refunded now.
    const partial = orders[0]!;
    const [kept] = await ticketIdsOfOrder(app.booking.sql(), partial.orderId);
    await refundOrder(app.booking.db, {
      orderId: partial.orderId,
      ticketIds: [kept!],
      returnSeats: true,
      actorId: 'admin-0',
      reason: 'earlier',
    });
    const dropVersion = (await readDropRow(app.booking.sql(), sale.drop.id)).version as number;

    // Three admins press the button at once.
    const answers = await Promise.all([cancel(sale.event.id), cancel(sale.event.id), cancel(sale.event.id)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    for (const answer of answers) {
      expect(answer.body).toMatchObject({
        eventId: sale.event.id,
        status: 'cancelled',
        cancelledBy: 'admin-1',
        reason: 'the artist is ill',
        dropIds: [sale.drop.id],
      });
    }
    const final = await cancel(sale.event.id, 'another reason');
    expect(final.body).toMatchObject({ reason: 'the artist is ill', orders: { refunded: 6, left: 0 } });

    const refunds = (await readOutbox(app.booking.sql(), 'order.refunded')).filter(
      (m) => m.data.eventId === sale.event.id,
    );
    const perOrder = new Map<string, number>();
    for (const m of refunds) perOrder.set(m.data.orderId as string, (perOrder.get(m.data.orderId as string) ?? 0) + 1);
    // Each order once by the cancellation; the partly refunded one also has its earlier refund.
    expect(Object.fromEntries(perOrder)).toEqual(
      Object.fromEntries(orders.map((o) => [o.orderId, o === partial ? 2 : 1])),
    );
    // Every refund names the fan it mails.
    expect(refunds.every((m) => typeof m.data.email === 'string')).toBe(true);

    const ledger = await settlePayments(app.booking);
    const orderOfPayment = new Map(
      (await readOutbox(app.booking.sql(), 'payment.refund_requested')).map((m) => [
        `refund:${m.data.refundId as string}`,
        m.data.orderId as string,
      ]),
    );
    const returned = new Map<string, number>();
    for (const r of ledger.refunds) {
      const orderId = orderOfPayment.get(r.idempotencyKey)!;
      returned.set(orderId, (returned.get(orderId) ?? 0) + r.amountCents);
    }
    expect(Object.fromEntries(returned)).toEqual(Object.fromEntries(orders.map((o) => [o.orderId, 6_000])));

    // Seats of the cancelled event stay off sale; the drop closed with a new version, announced.
    const seats = await readSeats(app.booking.sql(), sale.seatIds.slice(2, 12));
    expect(new Set(seats.map((s) => s.status))).toEqual(new Set(['blocked']));
    const drop = await readDropRow(app.booking.sql(), sale.drop.id);
    expect(drop.version).toBe(dropVersion + 1);
    expect(new Date(drop.closes_at as string).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await readOutbox(app.booking.sql(), 'drop.changed')).filter((m) => m.data.dropId === sale.drop.id)).toEqual(
      [expect.objectContaining({ data: { dropId: sale.drop.id, eventId: sale.event.id, version: dropVersion + 1 } })],
    );
    expect((await readOutbox(app.booking.sql(), 'event.cancelled')).map((m) => m.data)).toEqual([
      expect.objectContaining({ eventId: sale.event.id, reason: 'the artist is ill', dropIds: [sale.drop.id] }),
    ]);
    expect((await readAudit(app.booking.sql(), 'event', sale.event.id)).map((a) => a.action)).toEqual([
      'event.cancelled',
    ]);
  });

  test('an event that does not exist, and a reason that is missing', async () => {
    const unknown = await cancel('5f0c1b9e-0000-4000-8000-000000000000');
    expect(unknown).toMatchObject({ status: 404, body: { code: 'event_not_found' } });
    const sale = await createSale(app.booking.sql(), { seats: 1 });
    const noReason = await call('POST', `/events/${sale.event.id}/cancel`, { as: admin(), body: { reason: ' ' } });
    expect(noReason).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });
});
