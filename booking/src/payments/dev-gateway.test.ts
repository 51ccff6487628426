import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type Envelope } from '@ticketing/common';
import { readDevLedger } from '../testing/dev-ledger.ts';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { apiClient, type ApiCall } from '../testing/api-client.ts';
import { createHold, createSale, readOutbox, readSeats, type SaleFixture } from '../testing/factories.ts';
import { bookingCounts, rowOf } from '../testing/orders.ts';
import { runPaymentCommand } from './commands/index.ts';
import { createPaymentGateways } from './config.ts';
import { createDevGateway, DevGatewayInProductionError } from './dev-gateway.ts';

let app: BookingTestApp;
let call: ApiCall;
let sale: SaleFixture;
let seatCursor = 0;
const nextSeats = (n: number) => sale.seatIds.slice(seatCursor, (seatCursor += n));

beforeAll(async () => {
  app = await startBookingTestApp('dev_gateway');
  call = apiClient(app);
  sale = await createSale(app.em(), { seats: 20, priceCents: 1_000 });
});
afterAll(() => app.close());

interface Placed {
  orderId: string;
  payment: { provider: string; paymentId: string; confirmUrl: string };
}

async function placeOrder(fan: string, seats: string[]) {
  const hold = await createHold(app.em(), sale.drop, { userId: fan, seatIds: seats });
  const answer = await call<Placed>('POST', '/orders', {
    as: fan,
    body: { holdId: hold.id },
    headers: { 'idempotency-key': `k-${hold.id}` },
  });
  expect(answer.status).toBe(201);
  return { hold, ...answer.body };
}

const confirm = (fan: string, url: string) =>
  call<{ orderId?: string; status?: string; charged?: boolean; code?: string }>('POST', url, { as: fan });

describe('the development gateway', () => {
  test('confirming runs the authorization: seats sold, tickets issued, capture queued', async () => {
    const seats = nextSeats(2);
    const placed = await placeOrder('fan-1', seats);
    expect(placed.payment).toMatchObject({
      provider: 'dev',
      confirmUrl: `/payments/dev/${placed.payment.paymentId}/confirm`,
    });

    const answer = await confirm('fan-1', placed.payment.confirmUrl);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ orderId: placed.orderId, status: 'paid', charged: true });
    expect((await readSeats(app.em(), seats)).map((s) => s.status)).toEqual(['sold', 'sold']);
    const tickets = await app
      .em()
      .execute<Array<{ seat_id: string }>>(`SELECT seat_id FROM tickets WHERE order_id = ? AND status = 'valid'`, [
        placed.orderId,
      ]);
    expect(tickets.map((t) => t.seat_id).sort()).toEqual([...seats].sort());
    expect(await rowOf(app.em(), 'payments', placed.payment.paymentId)).toMatchObject({ status: 'capture_queued' });

    // Confirming twice is harmless.
    const counts = await bookingCounts(app.em());
    const again = await confirm('fan-1', placed.payment.confirmUrl);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ orderId: placed.orderId, status: 'paid', charged: true });
    expect(await bookingCounts(app.em())).toEqual(counts);

    // The capture command completes locally.
    const capture = (await readOutbox(app.em(), 'payment.capture_requested')).find(
      (m) => m.data.orderId === placed.orderId,
    );
    const envelope = {
      ...capture,
      type: 'payment.capture_requested',
      occurredAt: new Date().toISOString(),
    } as Envelope;
    const deps = {
      db: app.booking.db,
      gateways: { dev: createPaymentGateways(app.config).gateway },
      logger: createLogger('dev-gateway-test', 'silent'),
    };
    expect(await runPaymentCommand(deps, envelope)).toBe('done');
    expect(await rowOf(app.em(), 'payments', placed.payment.paymentId)).toMatchObject({ status: 'captured' });
  });

  test('a lost hold is not charged', async () => {
    const seats = nextSeats(1);
    const placed = await placeOrder('fan-2', seats);
    await app
      .em()
      .execute(`UPDATE seats SET held_until = now() - interval '1 second' WHERE hold_id = ?`, [placed.hold.id]);
    await app.em().execute(`UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = ?`, [placed.hold.id]);
    await createHold(app.em(), sale.drop, { userId: 'fan-3', seatIds: seats });
    const answer = await confirm('fan-2', placed.payment.confirmUrl);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ orderId: placed.orderId, status: 'expired_not_charged', charged: false });
    expect((await readSeats(app.em(), seats))[0]).toMatchObject({ status: 'held' });
  });

  test("another fan's payment, or an unknown one, is not found and changes nothing", async () => {
    const placed = await placeOrder('fan-4', nextSeats(1));
    const counts = await bookingCounts(app.em());
    const foreign = await confirm('fan-5', placed.payment.confirmUrl);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('payment_not_found');
    const unknown = await confirm('fan-4', '/payments/dev/6d1c6a52-3a1f-4f0e-9a3c-000000000000/confirm');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('payment_not_found');
    const malformed = await confirm('fan-4', '/payments/dev/nope/confirm');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('validation_failed');
    expect(await bookingCounts(app.em())).toEqual(counts);
    expect(await rowOf(app.em(), 'orders', placed.orderId)).toMatchObject({ status: 'pending_payment' });
  });

  test('there is no Stripe webhook without Stripe', async () => {
    const answer = await call('POST', '/payments/stripe/webhook', { as: null, body: {} });
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('route_not_found');
  });

  test('with a ledger file, records each call it completes once per idempotency key', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dev-ledger-'));
    try {
      const ledgerFile = join(folder, 'ledger.jsonl');
      const gateway = createPaymentGateways({
        NODE_ENV: 'test',
        STRIPE_WEBHOOK_TOLERANCE_SECONDS: 300,
        DEV_PAYMENTS_LEDGER: ledgerFile,
      }).gateway;
      expect(await readDevLedger(ledgerFile)).toEqual([]);
      const capture = { providerRef: 'dev_p1', amountCents: 900, idempotencyKey: 'capture:o1' };
      await gateway.capture(capture);
      await gateway.capture(capture);
      await gateway.cancel({ providerRef: 'dev_p2', idempotencyKey: 'cancel:o2' });
      expect(await readDevLedger(ledgerFile)).toEqual([
        { call: 'capture', ...capture },
        { call: 'cancel', providerRef: 'dev_p2', idempotencyKey: 'cancel:o2' },
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('refuses to exist in production', () => {
    expect(() => createDevGateway({ nodeEnv: 'production' })).toThrow(DevGatewayInProductionError);
    expect(() => createPaymentGateways({ NODE_ENV: 'production', STRIPE_WEBHOOK_TOLERANCE_SECONDS: 300 })).toThrow(
      /cannot run with NODE_ENV=production/,
    );
    expect(
      createPaymentGateways({
        NODE_ENV: 'production',
        STRIPE_SECRET_KEY: 'sk_live_x',
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
        STRIPE_WEBHOOK_TOLERANCE_SECONDS: 300,
      }).gateway.provider,
    ).toBe('stripe');
    expect(() =>
      createPaymentGateways({
        NODE_ENV: 'development',
        STRIPE_SECRET_KEY: 'sk_x',
        STRIPE_WEBHOOK_TOLERANCE_SECONDS: 300,
      }),
    ).toThrow(/STRIPE_WEBHOOK_SECRET/);
  });
});
