import pg from 'pg';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { apiClient, type ApiCall } from '../testing/api-client.ts';
import { createHold, createSale, readOutbox, readSeats, type SaleFixture } from '../testing/factories.ts';
import { startFakeStripe, type FakeIntent, type FakeStripe } from '../testing/fake-stripe.ts';
import { bookingCounts, rowOf } from '../testing/orders.ts';

/* Stripe cancels a payment on its own: the order can no longer be paid, and its seats go back on sale. */

const webhookSecret = 'whsec_test_booking_cancel';
let stripe: FakeStripe;
let app: BookingTestApp;
let call: ApiCall;
let sale: SaleFixture;
let seatCursor = 0;
const nextSeats = (n: number) => sale.seatIds.slice(seatCursor, (seatCursor += n));

beforeAll(async () => {
  stripe = await startFakeStripe(webhookSecret);
  app = await startBookingTestApp('stripe_cancel', {
    env: { STRIPE_SECRET_KEY: 'sk_test_booking', STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_BASE: stripe.url },
  });
  call = apiClient(app);
  sale = await createSale(app.em(), { seats: 10, priceCents: 3_000 });
  await app.em().execute('UPDATE drops SET queue_enabled = false WHERE id = ?', [sale.drop.id]);
});
afterAll(async () => {
  await app.close();
  await stripe.close();
});

interface Placed {
  orderId: string;
  payment: { paymentId: string; clientSecret?: string };
}

const placeOrder = (fan: string, holdId: string) =>
  call<Placed & { code?: string }>('POST', '/orders', {
    as: fan,
    body: { holdId },
    headers: { 'idempotency-key': `key-${holdId}` },
  });

const deliver = (delivery: { body: string; signature: string }) =>
  call<{ received?: boolean; outcome?: string; code?: string }>('POST', '/payments/stripe/webhook', {
    as: null,
    rawBody: delivery.body,
    headers: { 'stripe-signature': delivery.signature },
  });

const canceled = (intent: FakeIntent) =>
  stripe.webhook('payment_intent.canceled', { ...intent, status: 'canceled', amount_capturable: 0 });

describe('a payment cancelled at Stripe', () => {
  test('cancels the pending order, releases its hold, says so, and lets the fan order the seats again', async () => {
    const em = app.em();
    const seats = nextSeats(2);
    const hold = await createHold(em, sale.drop, { userId: 'fan-1', seatIds: seats });
    const placed = await placeOrder('fan-1', hold.id);
    expect(placed.status).toBe(201);
    const payment = await rowOf(em, 'payments', placed.body.payment.paymentId);
    const intent = stripe.intents.get(payment.provider_ref as string);
    if (!intent) throw new Error('no payment intent was created');
    const versionsBefore = (await readSeats(em, seats)).map((s) => s.version);
    const outboxBefore = (await readOutbox(em)).length;

    const delivery = canceled(intent);
    const answer = await deliver(delivery);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ received: true, outcome: 'cancel_recorded' });

    expect(await rowOf(em, 'payments', placed.body.payment.paymentId)).toMatchObject({ status: 'cancelled' });
    expect(await rowOf(em, 'holds', hold.id)).toMatchObject({ status: 'released' });
    const after = await readSeats(em, seats);
    expect(after.map((s) => [s.status, s.holdId])).toEqual([
      ['available', null],
      ['available', null],
    ]);
    expect(after.map((s) => s.version)).toEqual(versionsBefore.map((v) => v + 1));

    const messages = (await readOutbox(em)).slice(outboxBefore);
    expect(messages.map((m) => m.type)).toEqual(['seat.released', 'hold.ended', 'order.cancelled']);
    expect(messages[1]?.data).toEqual({
      holdId: hold.id,
      eventId: sale.event.id,
      dropId: sale.drop.id,
      userId: 'fan-1',
      reason: 'released',
    });
    const orderRow = await rowOf(em, 'orders', placed.body.orderId);
    expect(orderRow.status).toBe('cancelled');
    expect(messages[2]?.data).toEqual({
      orderId: placed.body.orderId,
      userId: 'fan-1',
      email: orderRow.user_email,
      name: orderRow.user_name,
      eventId: sale.event.id,
      dropId: sale.drop.id,
      totalCents: 6_000,
      currency: 'EUR',
    });

    // The same delivery again changes nothing.
    const counts = await bookingCounts(em);
    expect((await deliver(delivery)).body.outcome).toBe('duplicate');
    expect(await bookingCounts(em)).toEqual(counts);

    // The seats are free: the fan holds them again and orders anew.
    const again = await call<{ holdId: string }>('POST', '/holds', {
      as: 'fan-1',
      body: { eventId: sale.event.id, seatIds: seats },
    });
    expect(again.status).toBe(201);
    const reordered = await placeOrder('fan-1', again.body.holdId);
    expect(reordered.status).toBe(201);
  });

  test('before the payment reference was recorded, the order row is locked before the payment row', async () => {
    const em = app.em();
    const hold = await createHold(em, sale.drop, { userId: 'fan-2', seatIds: nextSeats(1) });
    stripe.failNext(10);
    const failed = await placeOrder('fan-2', hold.id);
    stripe.failNext(0);
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe('payment_provider_unavailable');
    const [order] = await em.execute<Array<{ id: string; payment_id: string; provider_ref: string | null }>>(
      'SELECT o.id, p.id AS payment_id, p.provider_ref FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.hold_id = ?',
      [hold.id],
    );
    if (!order) throw new Error('the order was not kept');
    expect(order.provider_ref).toBeNull();
    // Stripe made the intent after all, and cancels it; only its metadata names the order.
    const intent: FakeIntent = {
      id: 'pi_never_recorded',
      object: 'payment_intent',
      amount: 3_000,
      amount_capturable: 0,
      amount_received: 0,
      currency: 'eur',
      capture_method: 'manual',
      client_secret: 'pi_never_recorded_secret',
      metadata: { orderId: order.id, paymentId: order.payment_id },
      status: 'canceled',
    };

    const blocker = new pg.Client({ connectionString: app.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [order.id]);
      let settled = false;
      const answer = deliver(canceled(intent)).finally(() => {
        settled = true;
      });
      while (!settled && !(await rowLockWaiters(blocker))) await new Promise((r) => setTimeout(r, 10));
      expect(settled).toBe(false);
      // The webhook waits for the order row holding nothing else: the payment row is free.
      await blocker.query('SAVEPOINT probe');
      const paymentFree = await blocker
        .query('SELECT 1 FROM payments WHERE id = $1 FOR UPDATE NOWAIT', [order.payment_id])
        .then(
          () => true,
          async (error: { code?: string }) => {
            if (error.code !== '55P03') throw error;
            await blocker.query('ROLLBACK TO SAVEPOINT probe');
            return false;
          },
        );
      expect(paymentFree).toBe(true);
      await blocker.query('ROLLBACK');
      expect((await answer).body).toEqual({ received: true, outcome: 'cancel_recorded' });
    } finally {
      await blocker.end();
    }
    expect(await rowOf(em, 'orders', order.id)).toMatchObject({ status: 'cancelled' });
    expect(await rowOf(em, 'holds', hold.id)).toMatchObject({ status: 'released' });
  });
});

/** Whether another session waits for a lock this client's transaction holds. */
async function rowLockWaiters(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))`,
  );
  return (rows[0]?.n ?? 0) > 0;
}
