import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { apiClient, type ApiCall } from '../testing/api-client.ts';
import { createHold, createSale, readOutbox, readSeats, type SaleFixture } from '../testing/factories.ts';
import { startFakeStripe, type FakeIntent, type FakeStripe } from '../testing/fake-stripe.ts';
import { bookingCounts, rowOf } from '../testing/orders.ts';

const webhookSecret = 'whsec_test_booking_payments';
let stripe: FakeStripe;
let app: BookingTestApp;
let call: ApiCall;
let sale: SaleFixture;
let seatCursor = 0;
const nextSeats = (n: number) => sale.seatIds.slice(seatCursor, (seatCursor += n));

beforeAll(async () => {
  stripe = await startFakeStripe(webhookSecret);
  app = await startBookingTestApp('stripe', {
    env: {
      STRIPE_SECRET_KEY: 'sk_test_booking',
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_BASE: stripe.url,
    },
  });
  call = apiClient(app);
  sale = await createSale(app.em(), { seats: 40, priceCents: 3_000 });
});
afterAll(async () => {
  await app.close();
  await stripe.close();
});

interface Placed {
  orderId: string;
  status: string;
  payment: { provider: string; paymentId: string; clientSecret?: string };
}

async function placeOrder(fan: string, seats: string[], options: { expiresInSeconds?: number } = {}) {
  const hold = await createHold(app.em(), sale.drop, { userId: fan, seatIds: seats, ...options });
  const key = `key-${hold.id}`;
  const answer = await call<Placed>('POST', '/orders', {
    as: fan,
    body: { holdId: hold.id },
    headers: { 'idempotency-key': key },
  });
  expect(answer.status).toBe(201);
  const payment = await rowOf(app.em(), 'payments', answer.body.payment.paymentId);
  const intent = stripe.intents.get(payment.provider_ref as string);
  if (!intent) throw new Error('no payment intent was created');
  return { hold, key, body: answer.body, intent };
}

const deliver = (delivery: { body: string; signature: string }, signature: string | null = delivery.signature) =>
  call<{ received?: boolean; outcome?: string; code?: string }>('POST', '/payments/stripe/webhook', {
    as: null,
    rawBody: delivery.body,
    headers: signature === null ? {} : { 'stripe-signature': signature },
  });

const authorize = (intent: FakeIntent) =>
  stripe.webhook('payment_intent.amount_capturable_updated', stripe.authorize(intent.id));

describe('orders paid through Stripe', () => {
  test('the order creates a manual-capture PaymentIntent keyed by the order id', async () => {
    const { body, intent } = await placeOrder('fan-1', nextSeats(2));
    expect(body.payment).toEqual({
      provider: 'stripe',
      paymentId: expect.any(String),
      clientSecret: intent.client_secret,
    });
    const request = stripe.requests.filter((r) => r.params['metadata[orderId]'] === body.orderId);
    expect(request).toHaveLength(1);
    expect(request[0]).toMatchObject({
      method: 'POST',
      idempotencyKey: body.orderId,
      params: { amount: '6000', currency: 'eur', capture_method: 'manual', 'metadata[orderId]': body.orderId },
    });
  });

  test('a Stripe outage leaves the order in place; the same request then completes it', async () => {
    const hold = await createHold(app.em(), sale.drop, { userId: 'fan-2', seatIds: nextSeats(1) });
    const send = () =>
      call<Placed & { code?: string }>('POST', '/orders', {
        as: 'fan-2',
        body: { holdId: hold.id },
        headers: { 'idempotency-key': 'outage-key' },
      });
    stripe.failNext(10);
    const failed = await send();
    stripe.failNext(0);
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe('payment_provider_unavailable');
    const [stored] = await app
      .em()
      .execute<Array<{ id: string; provider_ref: string | null }>>(
        'SELECT o.id, p.provider_ref FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.hold_id = ?',
        [hold.id],
      );
    expect(stored?.provider_ref).toBeNull();

    const retried = await send();
    expect(retried.status).toBe(200);
    expect(retried.body.orderId).toBe(stored?.id);
    expect(retried.body.payment.clientSecret).toMatch(/^pi_/);
    const creates = stripe.requests.filter((r) => r.path === '/v1/payment_intents' && r.idempotencyKey === stored?.id);
    expect(creates.length).toBeGreaterThanOrEqual(2);
    expect([...stripe.intents.values()].filter((i) => i.metadata.orderId === stored?.id)).toHaveLength(1);
  });

  test('the authorization webhook sells the seats, issues tickets and queues the capture, once', async () => {
    const seats = nextSeats(2);
    const { hold, body, intent } = await placeOrder('fan-3', seats);
    const versionsBefore = (await readSeats(app.em(), seats)).map((s) => s.version);
    const outboxBefore = (await readOutbox(app.em())).length;
    const delivery = authorize(intent);

    const answer = await deliver(delivery);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ received: true, outcome: 'paid' });

    const em = app.em();
    expect(await rowOf(em, 'orders', body.orderId)).toMatchObject({ status: 'paid' });
    expect(await rowOf(em, 'payments', body.payment.paymentId)).toMatchObject({
      status: 'capture_queued',
      provider_ref: intent.id,
    });
    expect(await rowOf(em, 'holds', hold.id)).toMatchObject({ status: 'converted' });
    const after = await readSeats(em, seats);
    expect(after.map((s) => [s.status, s.holdId])).toEqual([
      ['sold', null],
      ['sold', null],
    ]);
    expect(after.map((s) => s.version)).toEqual(versionsBefore.map((v) => v + 1));
    const tickets = await em.execute<Array<{ id: string; seat_id: string; version: number; status: string }>>(
      'SELECT id, seat_id, version, status FROM tickets WHERE order_id = ? ORDER BY seat_id',
      [body.orderId],
    );
    expect(tickets.map((t) => [t.seat_id, t.version, t.status])).toEqual([...seats].sort().map((s) => [s, 1, 'valid']));

    const messages = (await readOutbox(em)).slice(outboxBefore);
    expect(messages.map((m) => m.type)).toEqual(['seat.sold', 'hold.ended', 'order.paid', 'payment.capture_requested']);
    expect(messages.find((m) => m.type === 'hold.ended')?.data).toMatchObject({ reason: 'converted', userId: 'fan-3' });
    expect(messages.find((m) => m.type === 'seat.sold')?.data.seats).toEqual(
      after
        .map((s) => ({ seatId: s.id, sectionId: sale.section.id, status: 'sold', version: s.version }))
        .sort((a, b) => a.seatId.localeCompare(b.seatId)),
    );
    const paid = messages.find((m) => m.type === 'order.paid')?.data as { tickets: Array<{ ticketId: string }> };
    expect(paid.tickets.map((t) => t.ticketId).sort()).toEqual(tickets.map((t) => t.id).sort());
    expect(messages.find((m) => m.type === 'payment.capture_requested')?.data).toMatchObject({
      orderId: body.orderId,
      paymentId: body.payment.paymentId,
      providerRef: intent.id,
      amountCents: 6_000,
    });

    // The same delivery again, and another event reporting the same authorization: nothing changes.
    const counts = await bookingCounts(em);
    const replay = await deliver(delivery);
    expect(replay.status).toBe(200);
    expect(replay.body.outcome).toBe('duplicate');
    const second = await deliver(stripe.webhook('payment_intent.amount_capturable_updated', intent));
    expect(second.status).toBe(200);
    expect(second.body.outcome).toBe('already_settled');
    expect(await bookingCounts(em)).toEqual({ ...counts, webhooks: counts.webhooks + 1 });
    expect((await readSeats(em, seats)).map((s) => s.version)).toEqual(after.map((s) => s.version));
    // No provider call is made from the webhook itself: capture waits for the payments worker.
    expect(stripe.requests.filter((r) => r.path.startsWith(`/v1/payment_intents/${intent.id}/`))).toEqual([]);
  });

  test('simultaneous deliveries of one event sell once', async () => {
    const seats = nextSeats(2);
    const { body, intent } = await placeOrder('fan-11', seats);
    const delivery = authorize(intent);
    const answers = await Promise.all(Array.from({ length: 6 }, () => deliver(delivery)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.body.outcome).sort()).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
      'paid',
    ]);
    const [row] = await app
      .em()
      .execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM tickets WHERE order_id = ?', [body.orderId]);
    expect(row?.n).toBe(2);
    expect(
      (await readOutbox(app.em(), 'payment.capture_requested')).filter((m) => m.data.orderId === body.orderId),
    ).toHaveLength(1);
  });

  test('an authorization after the hold lapsed and its seat went to another fan is cancelled, not charged', async () => {
    const seats = nextSeats(2);
    const { hold, body, intent } = await placeOrder('fan-4', seats, { expiresInSeconds: 30 });
    const em = app.em();
    // Time passes: the hold lapses and another fan takes one of its seats.
    await em.execute(`UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = ?`, [hold.id]);
    await em.execute(`UPDATE seats SET held_until = now() - interval '1 second' WHERE hold_id = ?`, [hold.id]);
    const rival = await createHold(em, sale.drop, { userId: 'fan-5', seatIds: [seats[1] as string] });
    const seatsBefore = await readSeats(em, seats);
    const rivalBefore = await rowOf(em, 'holds', rival.id);
    const counts = await bookingCounts(em);

    const answer = await deliver(authorize(intent));
    expect(answer.status).toBe(200);
    expect(answer.body.outcome).toBe('expired_not_charged');

    expect(await rowOf(em, 'orders', body.orderId)).toMatchObject({ status: 'expired_not_charged' });
    expect(await rowOf(em, 'payments', body.payment.paymentId)).toMatchObject({ status: 'authorized' });
    expect(await readSeats(em, seats)).toEqual(seatsBefore);
    expect(await rowOf(em, 'holds', rival.id)).toEqual(rivalBefore);
    expect(await bookingCounts(em)).toMatchObject({ tickets: counts.tickets, outbox: counts.outbox + 2 });
    const messages = (await readOutbox(em)).filter((m) => m.data.orderId === body.orderId).map((m) => m.type);
    expect(messages).toEqual(['order.created', 'order.expired_not_charged', 'payment.cancel_requested']);
    expect(stripe.intents.get(intent.id)?.status).toBe('requires_capture');
  });

  test('a lapsed hold whose seats nobody took is still sold, swept or not', async () => {
    const em = app.em();
    const lapse = async (holdId: string, swept: boolean) => {
      await em.execute(`UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = ?`, [holdId]);
      await em.execute(`UPDATE seats SET held_until = now() - interval '1 second' WHERE hold_id = ?`, [holdId]);
      if (swept) {
        await em.execute(`UPDATE holds SET status = 'expired', ended_at = now() WHERE id = ?`, [holdId]);
        await em.execute(
          `UPDATE seats SET status = 'available', hold_id = NULL, held_until = NULL, version = version + 1
           WHERE hold_id = ?`,
          [holdId],
        );
      }
    };
    for (const swept of [false, true]) {
      const seats = nextSeats(1);
      const { hold, body, intent } = await placeOrder(`fan-lapsed-${swept}`, seats);
      await lapse(hold.id, swept);
      const answer = await deliver(authorize(intent));
      expect(answer.body.outcome).toBe('paid');
      expect(await rowOf(em, 'orders', body.orderId)).toMatchObject({ status: 'paid' });
      expect(await rowOf(em, 'holds', hold.id)).toMatchObject({ status: 'converted' });
      expect((await readSeats(em, seats))[0]).toMatchObject({ status: 'sold', holdId: null });
    }
  });

  test('a bad, missing or stale signature is refused and changes nothing', async () => {
    const { intent } = await placeOrder('fan-7', nextSeats(1));
    stripe.authorize(intent.id);
    const counts = await bookingCounts(app.em());
    const forged = stripe.webhook('payment_intent.amount_capturable_updated', intent, { secret: 'whsec_someone_else' });
    const stale = stripe.webhook('payment_intent.amount_capturable_updated', intent, {
      timestamp: Math.floor(Date.now() / 1000) - 3_600,
    });
    const genuine = stripe.webhook('payment_intent.amount_capturable_updated', intent);
    const tampered = {
      body: genuine.body.replace('"livemode":false', '"livemode":true'),
      signature: genuine.signature,
    };
    for (const [delivery, signature] of [
      [forged, forged.signature],
      [stale, stale.signature],
      [tampered, tampered.signature],
      [genuine, null],
      [genuine, 'garbage'],
    ] as const) {
      const answer = await deliver(delivery, signature);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('webhook_signature_invalid');
    }
    expect(await bookingCounts(app.em())).toEqual(counts);
  });

  test('a declined card leaves the order payable; a later authorization still sells', async () => {
    const { body, intent } = await placeOrder('fan-8', nextSeats(1));
    const declined = await deliver(stripe.webhook('payment_intent.payment_failed', intent));
    expect(declined.body.outcome).toBe('failed_recorded');
    expect(await rowOf(app.em(), 'orders', body.orderId)).toMatchObject({ status: 'pending_payment' });
    expect(await rowOf(app.em(), 'payments', body.payment.paymentId)).toMatchObject({ status: 'failed' });
    const answer = await deliver(authorize(intent));
    expect(answer.body.outcome).toBe('paid');
  });

  test('a payment cancelled at Stripe cancels a pending order', async () => {
    const { body, intent } = await placeOrder('fan-9', nextSeats(1));
    const answer = await deliver(stripe.webhook('payment_intent.canceled', { ...intent, status: 'canceled' }));
    expect(answer.body.outcome).toBe('cancel_recorded');
    expect(await rowOf(app.em(), 'orders', body.orderId)).toMatchObject({ status: 'cancelled' });
    expect(await rowOf(app.em(), 'payments', body.payment.paymentId)).toMatchObject({ status: 'cancelled' });
  });

  test('events the booking core does not act on are acknowledged and ignored', async () => {
    const counts = await bookingCounts(app.em());
    const { intent } = await placeOrder('fan-10', nextSeats(1));
    const answer = await deliver(stripe.webhook('payment_intent.created', intent));
    expect(answer.status).toBe(200);
    expect(answer.body.outcome).toBe('ignored');
    expect((await bookingCounts(app.em())).webhooks).toBe(counts.webhooks);
  });
});
