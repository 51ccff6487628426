import { Connection } from 'rabbitmq-client';
import {
  createEventPublisher,
  createLogger,
  createMetrics,
  declareTopology,
  deleteQueueTopology,
  type Envelope,
  type ExchangeNames,
} from '@ticketing/common';
import { testAmqpUrl, uniqueName } from '@ticketing/common/testing';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { apiClient, type ApiCall } from '../testing/api-client.ts';
import { createHold, createSale, readOutbox, type SaleFixture } from '../testing/factories.ts';
import { startFakeStripe, type FakeStripe } from '../testing/fake-stripe.ts';
import { rowOf } from '../testing/orders.ts';
import { refundOrder } from '../tickets/refund.ts';
import { NotYetError, runPaymentCommand, type PaymentCommandDeps } from './commands/index.ts';
import { createPaymentGateways } from './config.ts';
import { startPaymentsWorker } from './worker.ts';

const webhookSecret = 'whsec_test_payment_commands';
const logger = createLogger('payment-commands-test', 'silent');
let stripe: FakeStripe;
let app: BookingTestApp;
let call: ApiCall;
let sale: SaleFixture;
let deps: PaymentCommandDeps;
let seatCursor = 0;
const nextSeats = (n: number) => sale.seatIds.slice(seatCursor, (seatCursor += n));

beforeAll(async () => {
  stripe = await startFakeStripe(webhookSecret);
  app = await startBookingTestApp('payment_commands', {
    env: { STRIPE_SECRET_KEY: 'sk_test_commands', STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_BASE: stripe.url },
  });
  call = apiClient(app);
  sale = await createSale(app.em(), { seats: 30, priceCents: 2_500 });
  deps = { db: app.booking.db, gateways: { stripe: createPaymentGateways(app.config).gateway }, logger };
});
afterAll(async () => {
  await app.close();
  await stripe.close();
});

/** An order authorized through a signed webhook; `lose` first gives one of its seats to another fan. */
async function authorizedOrder(seatCount: number, options: { lose?: boolean } = {}) {
  const fan = `fan-${seatCursor}`;
  const seats = nextSeats(seatCount);
  const hold = await createHold(app.em(), sale.drop, { userId: fan, seatIds: seats });
  const placed = await call<{ orderId: string; payment: { paymentId: string } }>('POST', '/orders', {
    as: fan,
    body: { holdId: hold.id },
    headers: { 'idempotency-key': `k-${hold.id}` },
  });
  expect(placed.status).toBe(201);
  const { orderId, payment } = placed.body;
  const intentId = (await rowOf(app.em(), 'payments', payment.paymentId)).provider_ref as string;
  if (options.lose) {
    await app.em().execute(`UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = ?`, [hold.id]);
    await app.em().execute(`UPDATE seats SET held_until = now() - interval '1 second' WHERE hold_id = ?`, [hold.id]);
    await createHold(app.em(), sale.drop, { userId: `rival-${fan}`, seatIds: [seats[0] as string] });
  }
  const delivery = stripe.webhook('payment_intent.amount_capturable_updated', stripe.authorize(intentId));
  const answer = await call('POST', '/payments/stripe/webhook', {
    as: null,
    rawBody: delivery.body,
    headers: { 'stripe-signature': delivery.signature },
  });
  expect(answer.status).toBe(200);
  return { orderId, paymentId: payment.paymentId, intentId };
}

async function commandFor(type: string, orderId: string): Promise<Envelope> {
  const message = (await readOutbox(app.em(), type)).find((m) => m.data.orderId === orderId);
  if (!message) throw new Error(`no ${type} for order ${orderId}`);
  return {
    id: message.id,
    type: type as Envelope['type'],
    occurredAt: new Date().toISOString(),
    data: message.data,
  } as Envelope;
}

const providerCalls = (intentId: string) =>
  stripe.requests.filter((r) => r.path.startsWith(`/v1/payment_intents/${intentId}/`));

describe('payment commands', () => {
  test('capture takes the money once, keyed by the order, and survives a redelivery', async () => {
    const { orderId, paymentId, intentId } = await authorizedOrder(2);
    const command = await commandFor('payment.capture_requested', orderId);

    expect(await runPaymentCommand(deps, command)).toBe('done');
    expect(providerCalls(intentId)).toEqual([
      {
        method: 'POST',
        path: `/v1/payment_intents/${intentId}/capture`,
        idempotencyKey: `capture:${orderId}`,
        params: { amount_to_capture: '5000' },
      },
    ]);
    expect(await rowOf(app.em(), 'payments', paymentId)).toMatchObject({ status: 'captured' });
    expect(stripe.intents.get(intentId)?.status).toBe('succeeded');

    // Delivered again after it worked: nothing to do.
    expect(await runPaymentCommand(deps, command)).toBe('skipped');
    expect(providerCalls(intentId)).toHaveLength(1);

    // Delivered again after the provider call but before the row was updated (a crash in between):
    // the same key makes the provider answer as before, and the row catches up.
    await app.em().execute(`UPDATE payments SET status = 'capture_queued' WHERE id = ?`, [paymentId]);
    expect(await runPaymentCommand(deps, command)).toBe('done');
    expect(providerCalls(intentId).map((r) => r.idempotencyKey)).toEqual([`capture:${orderId}`, `capture:${orderId}`]);
    expect(stripe.intents.get(intentId)?.amount_received).toBe(5_000);
    expect(await rowOf(app.em(), 'payments', paymentId)).toMatchObject({ status: 'captured' });
  });

  test('a lost sale cancels the authorization, keyed by the order, and never captures', async () => {
    const { orderId, paymentId, intentId } = await authorizedOrder(2, { lose: true });
    expect(await rowOf(app.em(), 'orders', orderId)).toMatchObject({ status: 'expired_not_charged' });
    expect((await readOutbox(app.em(), 'payment.capture_requested')).some((m) => m.data.orderId === orderId)).toBe(
      false,
    );
    const command = await commandFor('payment.cancel_requested', orderId);

    expect(await runPaymentCommand(deps, command)).toBe('done');
    expect(providerCalls(intentId)).toEqual([
      {
        method: 'POST',
        path: `/v1/payment_intents/${intentId}/cancel`,
        idempotencyKey: `cancel:${orderId}`,
        params: {},
      },
    ]);
    expect(stripe.intents.get(intentId)).toMatchObject({ status: 'canceled', amount_received: 0 });
    expect(await rowOf(app.em(), 'payments', paymentId)).toMatchObject({ status: 'cancelled' });
    expect(await runPaymentCommand(deps, command)).toBe('skipped');
    expect(providerCalls(intentId)).toHaveLength(1);
  });

  test('a refund waits for the capture, then returns the money keyed by the refund', async () => {
    const { orderId, intentId } = await authorizedOrder(2);
    const refund = await refundOrder(app.booking.db, {
      orderId,
      returnSeats: true,
      actorId: 'admin-1',
      reason: 'test',
    });
    const command = await commandFor('payment.refund_requested', orderId);
    expect(command.data).toMatchObject({ amountCents: 5_000, refundId: refund.refundId, currency: 'EUR' });

    await expect(runPaymentCommand(deps, command)).rejects.toBeInstanceOf(NotYetError);
    expect(stripe.requests.some((r) => r.path === '/v1/refunds' && r.params.payment_intent === intentId)).toBe(false);

    await runPaymentCommand(deps, await commandFor('payment.capture_requested', orderId));
    expect(await runPaymentCommand(deps, command)).toBe('done');
    const refunds = stripe.requests.filter((r) => r.path === '/v1/refunds' && r.params.payment_intent === intentId);
    expect(refunds).toEqual([
      {
        method: 'POST',
        path: '/v1/refunds',
        idempotencyKey: `refund:${refund.refundId}`,
        params: { payment_intent: intentId, amount: '5000' },
      },
    ]);
  });

  test('messages that are not payment commands are skipped', async () => {
    const other = {
      id: 'x',
      type: 'drop.changed',
      occurredAt: new Date().toISOString(),
      data: {},
    } as unknown as Envelope;
    expect(await runPaymentCommand(deps, other)).toBe('skipped');
  });
});

describe('the payments worker', () => {
  let connection: Connection;
  let names: ExchangeNames;

  beforeAll(async () => {
    connection = new Connection({ url: testAmqpUrl, retryLow: 50, retryHigh: 500 });
    connection.on('error', () => undefined);
    names = await declareTopology(connection, {
      exchange: uniqueName('events'),
      deadLetterExchange: uniqueName('events.dlx'),
    });
  });
  afterAll(async () => {
    await connection.exchangeDelete({ exchange: names.exchange });
    await connection.exchangeDelete({ exchange: names.deadLetterExchange });
    await connection.close();
  });

  test('consumes capture commands from the events exchange and acknowledges them once done', async () => {
    const { orderId, paymentId, intentId } = await authorizedOrder(1);
    const consumer = await startPaymentsWorker({
      connection,
      db: app.booking.db,
      gateway: createPaymentGateways(app.config).gateway,
      logger,
      metrics: createMetrics('payments-worker-test', { defaults: false }),
      queue: uniqueName('booking.payments'),
      names,
      retryDelaysMs: [50, 100],
    });
    const publisher = createEventPublisher({ connection, names });
    try {
      await publisher.publish(await commandFor('payment.capture_requested', orderId));
      for (let i = 0; i < 500 && (await rowOf(app.em(), 'payments', paymentId)).status !== 'captured'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await rowOf(app.em(), 'payments', paymentId)).toMatchObject({ status: 'captured' });
      expect(providerCalls(intentId).map((r) => r.idempotencyKey)).toEqual([`capture:${orderId}`]);
      const depth = await connection.queueDeclare({ queue: consumer.topology.queue, passive: true });
      expect(depth.messageCount).toBe(0);
    } finally {
      await publisher.close();
      await consumer.close();
      await deleteQueueTopology(connection, consumer.topology);
    }
  });
});
