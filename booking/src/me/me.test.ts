import { verifyTicketCode } from '@ticketing/common';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { apiClient, type ApiCall } from '../testing/api-client.ts';
import { createHold, createSale, type SaleFixture } from '../testing/factories.ts';
import { createPaidOrder } from '../testing/orders.ts';
import { refundOrder } from '../tickets/refund.ts';
import { reissueTicket } from '../tickets/reissue.ts';
import { ticketSigningKey } from '../tickets/signing.ts';

let app: BookingTestApp;
let call: ApiCall;
let sale: SaleFixture;
let seatCursor = 0;
const nextSeats = (n: number) => sale.seatIds.slice(seatCursor, (seatCursor += n));

interface TicketBody {
  ticketId: string;
  orderId: string;
  version: number;
  status: string;
  code: string | null;
  event: { eventId: string; name: string };
  section: string;
  row: string;
  seat: string;
}
interface OrderBody {
  orderId: string;
  status: string;
  totalCents: number;
  items: Array<{ seatId: string; priceCents: number }>;
  payment: { provider: string; status: string; confirmUrl?: string } | null;
  tickets?: TicketBody[];
}

beforeAll(async () => {
  app = await startBookingTestApp('me');
  call = apiClient(app);
  sale = await createSale(app.em(), { seats: 30, priceCents: 2_000 });
});
afterAll(() => app.close());

const publicKeys = () => {
  const key = ticketSigningKey(app.config);
  return [{ keyId: key.keyId, publicKey: key.publicKey }];
};

describe("a fan's orders and tickets", () => {
  test('orders list newest first, page by page, and only the fan’s own', async () => {
    const first = await createPaidOrder(app.booking, sale.drop, { userId: 'fan-list', seatIds: nextSeats(1) });
    const second = await createPaidOrder(app.booking, sale.drop, { userId: 'fan-list', seatIds: nextSeats(2) });
    const third = await createPaidOrder(app.booking, sale.drop, { userId: 'fan-list', seatIds: nextSeats(1) });
    await createPaidOrder(app.booking, sale.drop, { userId: 'someone-else', seatIds: nextSeats(1) });

    const page1 = await call<{ orders: OrderBody[]; nextCursor: string | null }>('GET', '/me/orders?limit=2', {
      as: 'fan-list',
    });
    expect(page1.status).toBe(200);
    expect(page1.body.orders.map((o) => o.orderId)).toEqual([third.orderId, second.orderId]);
    expect(page1.body.orders[1]).toMatchObject({ status: 'paid', totalCents: 4_000, payment: { provider: 'dev' } });
    expect(page1.body.orders[1]?.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));

    const page2 = await call<{ orders: OrderBody[]; nextCursor: string | null }>(
      'GET',
      `/me/orders?limit=2&cursor=${page1.body.nextCursor ?? ''}`,
      { as: 'fan-list' },
    );
    expect(page2.body.orders.map((o) => o.orderId)).toEqual([first.orderId]);
    expect(page2.body.nextCursor).toBeNull();

    const bad = await call('GET', '/me/orders?cursor=bm90LWEtY3Vyc29y', { as: 'fan-list' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_cursor');
  });

  test('a malformed page cursor is a 400 invalid_cursor, whatever it holds', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const orderId = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
    const malformed = [
      cursor(['1', '00000000-0000-0000-0000-000000000000']),
      cursor(['2025-01-02 10:11:12.123456+00', '-'.repeat(36)]),
      cursor(['+100000-01-01', orderId]),
      cursor(['2025-02-31 10:11:12.123456+00', orderId]),
      cursor(['2025-01-02 10:11:12.123456+99', orderId]),
      cursor(['2025-01-02 24:00:00+00', orderId]),
      cursor(['2025-01-02 10:11:12.123456+00', orderId, 'more']),
      cursor(['2025-01-02 10:11:12.123456+00', 7]),
      cursor({ at: '2025-01-02 10:11:12.123456+00', id: orderId }),
      '%%%',
    ];
    for (const value of malformed) {
      const answer = await call('GET', `/me/orders?cursor=${encodeURIComponent(value)}`, { as: 'fan-cursor' });
      expect([value, answer.status, answer.body.code]).toEqual([value, 400, 'invalid_cursor']);
    }
    const wellFormed = await call<{ orders: OrderBody[] }>(
      'GET',
      `/me/orders?cursor=${cursor(['2025-01-02T10:11:12Z', orderId.toUpperCase()])}`,
      { as: 'fan-cursor' },
    );
    expect(wellFormed.status).toBe(200);
    expect(wellFormed.body.orders).toEqual([]);
  });

  test('an order with its tickets, whose codes verify offline with the public key', async () => {
    const { orderId } = await createPaidOrder(app.booking, sale.drop, { userId: 'fan-detail', seatIds: nextSeats(2) });
    const answer = await call<OrderBody>('GET', `/me/orders/${orderId}`, { as: 'fan-detail' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ orderId, status: 'paid', totalCents: 4_000 });
    const tickets = answer.body.tickets ?? [];
    expect(tickets).toHaveLength(2);
    for (const ticket of tickets) {
      expect(ticket).toMatchObject({ orderId, version: 1, status: 'valid', event: { eventId: sale.event.id } });
      const verified = verifyTicketCode(ticket.code ?? '', publicKeys());
      expect(verified).toEqual({
        ok: true,
        keyId: expect.any(String),
        claims: { ticketId: ticket.ticketId, eventId: sale.event.id, version: 1 },
      });
    }
  });

  test("another fan's order is not found; a malformed id is a bad request", async () => {
    const { orderId } = await createPaidOrder(app.booking, sale.drop, { userId: 'fan-owner', seatIds: nextSeats(1) });
    const foreign = await call('GET', `/me/orders/${orderId}`, { as: 'fan-intruder' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('order_not_found');
    const malformed = await call('GET', '/me/orders/123', { as: 'fan-owner' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('validation_failed');
    const anonymous = await call('GET', '/me/tickets', { as: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('auth_required');
  });

  test('tickets show the current version, and a revoked ticket has no code', async () => {
    const kept = await createPaidOrder(app.booking, sale.drop, { userId: 'fan-tickets', seatIds: nextSeats(1) });
    const refunded = await createPaidOrder(app.booking, sale.drop, { userId: 'fan-tickets', seatIds: nextSeats(1) });
    await reissueTicket(app.booking.db, { ticketId: kept.ticketIds[0] ?? '', actorId: 'admin-1' });
    await refundOrder(app.booking.db, {
      orderId: refunded.orderId,
      returnSeats: true,
      actorId: 'admin-1',
      reason: 'asked',
    });

    const answer = await call<{ tickets: TicketBody[] }>('GET', '/me/tickets', { as: 'fan-tickets' });
    expect(answer.status).toBe(200);
    const byId = new Map(answer.body.tickets.map((t) => [t.ticketId, t]));
    expect(byId.size).toBe(2);
    const current = byId.get(kept.ticketIds[0] ?? '');
    expect(current).toMatchObject({ version: 2, status: 'valid' });
    expect(verifyTicketCode(current?.code ?? '', publicKeys())).toMatchObject({ ok: true, claims: { version: 2 } });
    expect(byId.get(refunded.ticketIds[0] ?? '')).toMatchObject({ status: 'revoked', code: null });

    const filtered = await call<{ tickets: TicketBody[] }>('GET', `/me/tickets?eventId=${sale.event.id}`, {
      as: 'fan-tickets',
    });
    expect(filtered.body.tickets).toHaveLength(2);
    expect((await call<{ tickets: TicketBody[] }>('GET', '/me/tickets', { as: 'nobody' })).body.tickets).toEqual([]);
  });

  test('a pending order shows how to resume payment', async () => {
    const hold = await createHold(app.em(), sale.drop, { userId: 'fan-pending', seatIds: nextSeats(1) });
    const placed = await call<{ orderId: string; payment: { paymentId: string } }>('POST', '/orders', {
      as: 'fan-pending',
      body: { holdId: hold.id },
      headers: { 'idempotency-key': 'pending-1' },
    });
    const answer = await call<OrderBody>('GET', `/me/orders/${placed.body.orderId}`, { as: 'fan-pending' });
    expect(answer.body).toMatchObject({
      status: 'pending_payment',
      payment: {
        status: 'requires_authorization',
        confirmUrl: `/payments/dev/${placed.body.payment.paymentId}/confirm`,
      },
      tickets: [],
    });
  });
});
