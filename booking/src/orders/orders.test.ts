import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { apiClient, type ApiCall } from '../testing/api-client.ts';
import {
  createHold,
  createPriceTier,
  createSale,
  createSection,
  readOutbox,
  type SaleFixture,
} from '../testing/factories.ts';
import { bookingCounts } from '../testing/orders.ts';

let app: BookingTestApp;
let call: ApiCall;
let sale: SaleFixture;
let keyCounter = 0;
const newKey = () => `checkout-${++keyCounter}-${Date.now()}`;

beforeAll(async () => {
  // No Stripe keys: the development gateway takes the payments.
  app = await startBookingTestApp('orders');
  call = apiClient(app);
  sale = await createSale(app.em(), { seats: 40, priceCents: 4_500 });
});
afterAll(() => app.close());

interface PlacedBody {
  orderId: string;
  status: string;
  totalCents: number;
  currency: string;
  expiresAt: string;
  payment: { provider: string; paymentId: string; clientSecret?: string; confirmUrl?: string };
}

let seatCursor = 0;
const nextSeats = (n: number) => sale.seatIds.slice(seatCursor, (seatCursor += n));

const order = (fan: string, holdId: string, key: string | null = newKey()) =>
  call<PlacedBody & { code?: string }>('POST', '/orders', {
    as: fan,
    body: { holdId },
    headers: key === null ? {} : { 'idempotency-key': key },
  });

describe('POST /orders', () => {
  test('prices the hold, records items and a payment, and answers with the payment instructions', async () => {
    const em = app.em();
    const vip = await createPriceTier(em, sale.event.id, { priceCents: 12_000 });
    const box = await createSection(em, sale.event, vip, { seats: 1, dropId: sale.drop.id });
    const seats = [...nextSeats(2), ...box.seatIds];
    const hold = await createHold(em, sale.drop, { userId: 'fan-a', seatIds: seats });

    const answer = await order('fan-a', hold.id);
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      orderId: expect.any(String),
      status: 'pending_payment',
      totalCents: 2 * 4_500 + 12_000,
      currency: 'EUR',
      expiresAt: hold.expiresAt.toISOString(),
      payment: {
        provider: 'dev',
        paymentId: expect.any(String),
        confirmUrl: `/payments/dev/${answer.body.payment.paymentId}/confirm`,
      },
    });
    const items = await em.execute<Array<{ seat_id: string; price_cents: number }>>(
      'SELECT seat_id, price_cents FROM order_items WHERE order_id = ? ORDER BY price_cents, seat_id',
      [answer.body.orderId],
    );
    expect(items.map((i) => i.price_cents)).toEqual([4_500, 4_500, 12_000]);
    expect(new Set(items.map((i) => i.seat_id))).toEqual(new Set(seats));
    const [payment] = await em.execute<Array<{ status: string; provider_ref: string; amount_cents: number }>>(
      'SELECT status, provider_ref, amount_cents FROM payments WHERE order_id = ?',
      [answer.body.orderId],
    );
    expect(payment).toEqual({
      status: 'requires_authorization',
      provider_ref: `dev_${answer.body.payment.paymentId}`,
      amount_cents: 21_000,
    });
    const created = await readOutbox(em, 'order.created');
    expect(created.at(-1)?.data).toMatchObject({
      orderId: answer.body.orderId,
      userId: 'fan-a',
      eventId: sale.event.id,
      dropId: sale.drop.id,
      totalCents: 21_000,
      currency: 'EUR',
    });
  });

  test('the same key returns the same order; the same key for another hold is refused', async () => {
    const em = app.em();
    const hold = await createHold(em, sale.drop, { userId: 'fan-b', seatIds: nextSeats(1) });
    const key = newKey();
    const first = await order('fan-b', hold.id, key);
    const again = await order('fan-b', hold.id, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const other = await createHold(em, sale.drop, { userId: 'fan-b', seatIds: nextSeats(1) });
    const before = await bookingCounts(em);
    const reused = await order('fan-b', other.id, key);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    expect(await bookingCounts(em)).toEqual(before);
  });

  test('a hold id in upper case names the same hold: ordered once, and again with the same key', async () => {
    const em = app.em();
    const hold = await createHold(em, sale.drop, { userId: 'fan-upper', seatIds: nextSeats(1) });
    const key = newKey();
    const first = await order('fan-upper', hold.id.toUpperCase(), key);
    expect(first.status).toBe(201);
    const again = await order('fan-upper', hold.id, key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const upperAgain = await order('fan-upper', hold.id.toUpperCase(), key);
    expect(upperAgain.status).toBe(200);
    expect(upperAgain.body).toEqual(first.body);
    const [row] = await em.execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM orders WHERE hold_id = ?', [
      hold.id,
    ]);
    expect(row?.n).toBe(1);
  });

  test('concurrent requests with one key make one order', async () => {
    const em = app.em();
    const hold = await createHold(em, sale.drop, { userId: 'fan-c', seatIds: nextSeats(2) });
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 8 }, () => order('fan-c', hold.id, key)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.orderId)).size).toBe(1);
    const [row] = await em.execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM orders WHERE hold_id = ?', [
      hold.id,
    ]);
    expect(row?.n).toBe(1);
  });

  test('a hold that already has an order (another key) is refused', async () => {
    const em = app.em();
    const hold = await createHold(em, sale.drop, { userId: 'fan-d', seatIds: nextSeats(1) });
    expect((await order('fan-d', hold.id)).status).toBe(201);
    const before = await bookingCounts(em);
    const second = await order('fan-d', hold.id);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('hold_already_ordered');
    expect(await bookingCounts(em)).toEqual(before);
  });

  test("another fan's hold, or no hold at all, is not found", async () => {
    const em = app.em();
    const hold = await createHold(em, sale.drop, { userId: 'fan-e', seatIds: nextSeats(1) });
    const before = await bookingCounts(em);
    const foreign = await order('fan-f', hold.id);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('hold_not_found');
    const missing = await order('fan-e', '0b7d5f0e-8c9a-4a55-9d36-6f3c1f1f0000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('hold_not_found');
    expect(await bookingCounts(em)).toEqual(before);
  });

  test('an expired or released hold cannot be ordered', async () => {
    const em = app.em();
    const lapsed = await createHold(em, sale.drop, { userId: 'fan-g', seatIds: nextSeats(1), expiresInSeconds: -5 });
    const released = await createHold(em, sale.drop, { userId: 'fan-g', seatIds: nextSeats(1), status: 'released' });
    const before = await bookingCounts(em);
    for (const hold of [lapsed, released]) {
      const answer = await order('fan-g', hold.id);
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('hold_expired');
    }
    expect(await bookingCounts(em)).toEqual(before);
  });

  test('the Idempotency-Key header is required and bounded; the body is validated', async () => {
    const hold = await createHold(app.em(), sale.drop, { userId: 'fan-h', seatIds: nextSeats(1) });
    const missing = await order('fan-h', hold.id, null);
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('validation_failed');
    const tooLong = await order('fan-h', hold.id, 'k'.repeat(201));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.code).toBe('validation_failed');
    const badBody = await call('POST', '/orders', {
      as: 'fan-h',
      body: { holdId: 'not-a-uuid' },
      headers: { 'idempotency-key': newKey() },
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body.code).toBe('validation_failed');
    expect(await order('fan-h', hold.id, 'k'.repeat(200))).toMatchObject({ status: 201 });
  });

  test('only signed-in fans may order', async () => {
    const hold = await createHold(app.em(), sale.drop, { userId: 'fan-i', seatIds: nextSeats(1) });
    const anonymous = await call('POST', '/orders', {
      as: null,
      body: { holdId: hold.id },
      headers: { 'idempotency-key': newKey() },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('auth_required');
    const gate = await call('POST', '/orders', {
      as: 'fan-i',
      roles: ['gate'],
      body: { holdId: hold.id },
      headers: { 'idempotency-key': newKey() },
    });
    expect(gate.status).toBe(403);
    expect(gate.body.code).toBe('insufficient_role');
  });
});
