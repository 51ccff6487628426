import { randomUUID } from 'node:crypto';
import { startFakeStripe, type FakeStripe } from '../testing/fake-stripe.ts';
import { createStripeGateway, type StripeGateway } from './stripe-gateway.ts';

const webhookSecret = 'whsec_adapter';
let stripe: FakeStripe;
let gateway: StripeGateway;

beforeAll(async () => {
  stripe = await startFakeStripe(webhookSecret);
  gateway = createStripeGateway({
    secretKey: 'sk_test_adapter',
    webhookSecret,
    apiBase: stripe.url,
    maxNetworkRetries: 0,
  });
});
afterAll(() => stripe.close());

const create = (amountCents: number) => {
  const orderId = randomUUID();
  return gateway.createPayment({
    orderId,
    paymentId: randomUUID(),
    amountCents,
    currency: 'EUR',
    idempotencyKey: orderId,
  });
};

describe('the Stripe adapter', () => {
  test('an amount Stripe refuses is an unprocessable order, not an outage', async () => {
    await expect(create(0)).rejects.toMatchObject({
      code: 'payment_rejected',
      kind: 'unprocessable',
      details: { providerCode: 'amount_too_small' },
    });
  });

  test('an unreachable Stripe is a retryable outage', async () => {
    stripe.failNext(1);
    await expect(create(1_000)).rejects.toMatchObject({ code: 'payment_provider_unavailable', kind: 'unavailable' });
  });

  test('capturing a lapsed authorization reports it instead of failing forever', async () => {
    const { providerRef } = await create(1_000);
    stripe.authorize(providerRef);
    expect(await gateway.cancel({ providerRef, idempotencyKey: `cancel-${providerRef}` })).toBe('cancelled');
    expect(await gateway.capture({ providerRef, amountCents: 1_000, idempotencyKey: `capture-${providerRef}` })).toBe(
      'not_capturable',
    );
  });

  test('cancelling money already captured says so, so it can be refunded instead', async () => {
    const { providerRef } = await create(1_000);
    stripe.authorize(providerRef);
    expect(await gateway.capture({ providerRef, amountCents: 1_000, idempotencyKey: `capture-${providerRef}` })).toBe(
      'captured',
    );
    expect(await gateway.cancel({ providerRef, idempotencyKey: `cancel-${providerRef}` })).toBe('already_captured');
    expect(await gateway.refund({ providerRef, amountCents: 400, idempotencyKey: `refund-${providerRef}` })).toEqual({
      refundRef: expect.stringMatching(/^re_/),
    });
  });

  test('webhooks: a known event is read, an unknown one ignored, a foreign order id dropped', async () => {
    const intent = stripe.authorize((await create(1_000)).providerRef);
    const read = (type: string, object: unknown) => {
      const delivery = stripe.webhook(type, object as typeof intent);
      return gateway.parseWebhook(Buffer.from(delivery.body), delivery.signature);
    };
    expect(read('payment_intent.amount_capturable_updated', intent)).toMatchObject({
      kind: 'authorized',
      orderId: intent.metadata.orderId,
      providerRef: intent.id,
      amountCents: 1_000,
    });
    expect(read('payment_intent.amount_capturable_updated', { ...intent, metadata: { orderId: 'ORD-42' } })).toEqual({
      kind: 'authorized',
      eventId: expect.stringMatching(/^evt_/),
      orderId: null,
      providerRef: intent.id,
      amountCents: 1_000,
    });
    expect(read('charge.refunded', {})).toMatchObject({ kind: 'ignored', type: 'charge.refunded' });
    let malformed: unknown;
    try {
      read('payment_intent.payment_failed', { nothing: true });
    } catch (error) {
      malformed = error;
    }
    expect(malformed).toMatchObject({ code: 'webhook_malformed', kind: 'invalid' });
  });
});
