import {
  bookingCounts,
  createPaidOrder,
  createSale,
  readAudit,
  readOutbox,
  readSeats,
  readTicketRows,
  settlePayments,
  testTicketCode,
  ticketIdsOfOrder,
  type SaleFixture,
} from '@ticketing/booking/testing';
import { admin, adminClient, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;
let sale: SaleFixture;
let seatCursor = 0;
const nextSeats = (n: number) => sale.seatIds.slice(seatCursor, (seatCursor += n));

beforeAll(async () => {
  app = await startAdminTestApp('admin_orders');
  call = adminClient(app);
  sale = await createSale(app.booking.sql(), { seats: 40, priceCents: 4_000 });
});
afterAll(async () => {
  await app.close();
});

const asAdmin = { as: admin() };
const paidOrder = (userId: string, seats: number, email = `${userId}@example.test`) =>
  createPaidOrder(app.booking, sale.drop, { userId, seatIds: nextSeats(seats), email });
const refundOf = (orderId: string, key: string, body: Record<string, unknown>) =>
  call('POST', `/orders/${orderId}/refunds`, { ...asAdmin, headers: { 'idempotency-key': key }, body });

describe('finding orders', () => {
  test('by order id, by ticket id, by e-mail in any case, by part of the name', async () => {
    const order = await paidOrder('zoe-quill', 1, 'Zoe.Quill@Example.test');
    const [ticketId] = await ticketIdsOfOrder(app.booking.sql(), order.orderId);
    const ids = async (q: string) => {
      const found = await call('GET', `/orders?q=${encodeURIComponent(q)}`, asAdmin);
      expect(found.status).toBe(200);
      return (found.body.orders as Array<{ orderId: string }>).map((o) => o.orderId);
    };
    expect(await ids(order.orderId.toUpperCase())).toEqual([order.orderId]);
    expect(await ids(ticketId!)).toEqual([order.orderId]);
    expect(await ids('zoe.quill@example.TEST')).toEqual([order.orderId]);
    // createPaidOrder names the fan "Fan <id>".
    expect(await ids('E-QUI')).toEqual([order.orderId]);
    expect(await ids('%')).toEqual([]);

    const found = await call('GET', `/orders?q=${order.orderId}`, asAdmin);
    expect((found.body.orders as unknown[])[0]).toMatchObject({
      orderId: order.orderId,
      status: 'paid',
      email: 'Zoe.Quill@Example.test',
      event: { eventId: sale.event.id },
      totalCents: 4_000,
      ticketCounts: { total: 1, valid: 1 },
    });
  });

  test('newest first, in pages; a forged cursor is a 400', async () => {
    const made = [await paidOrder('pager', 1), await paidOrder('pager', 1), await paidOrder('pager', 1)];
    const first = await call('GET', '/orders?q=pager@example.test&limit=2', asAdmin);
    expect(first.status).toBe(200);
    const second = await call(
      'GET',
      `/orders?q=pager@example.test&limit=2&cursor=${first.body.nextCursor as string}`,
      asAdmin,
    );
    const seen = [...(first.body.orders as Array<{ orderId: string }>), ...(second.body.orders as typeof made)];
    expect(seen.map((o) => o.orderId)).toEqual(made.map((o) => o.orderId).reverse());
    expect(second.body.nextCursor).toBeNull();

    const forged = await call('GET', '/orders?cursor=bm90LWEtY3Vyc29y', asAdmin);
    expect(forged).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
  });

  test('an order page tells its story: hold, order, payment, mails, refunds, reissues, scans', async () => {
    const order = await paidOrder('story', 2);
    const [first, second] = await ticketIdsOfOrder(app.booking.sql(), order.orderId);
    await call('POST', `/tickets/${first}/reissue`, {
      ...asAdmin,
      headers: { 'idempotency-key': 'story-reissue' },
      body: { reason: 'lost phone' },
    });
    expect(
      (await refundOf(order.orderId, 'story-refund', { ticketIds: [second], returnSeats: true, reason: 'ill' })).status,
    ).toBe(201);
    const scanned = await call('POST', '/scans', {
      as: { user: 'steward-1', roles: ['gate'] },
      body: {
        eventId: sale.event.id,
        code: testTicketCode({ ticketId: first!, eventId: sale.event.id, version: 2 }),
        gateId: 'north',
        deviceId: 'phone-1',
        nonce: 'story-1',
      },
    });
    expect(scanned.body.result).toBe('valid');

    const page = await call('GET', `/orders/${order.orderId}`, asAdmin);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ orderId: order.orderId, status: 'partially_refunded', refundedCents: 4_000 });
    expect(page.body.payment).toMatchObject({ provider: 'dev', amountCents: 8_000, refundedCents: 4_000 });
    expect(page.body.tickets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ticketId: first, version: 2, status: 'valid', usedGateId: 'north' }),
        expect.objectContaining({ ticketId: second, status: 'revoked' }),
      ]),
    );
    const timeline = page.body.timeline as Array<{
      kind: string;
      actorId: string | null;
      details: Record<string, unknown>;
    }>;
    const kinds = timeline.map((e) =>
      e.kind === 'email' || e.kind === 'message' ? `${e.kind}:${String(e.details.type)}` : e.kind,
    );
    for (const expected of [
      'hold.placed',
      'hold.ended',
      'order.placed',
      'order.paid',
      'message:order.created',
      'email:order.paid',
      'message:payment.capture_requested',
      'ticket.reissued',
      'email:ticket.reissued',
      'order.refunded',
      'email:order.refunded',
      'message:payment.refund_requested',
      'scan',
    ]) {
      expect(kinds).toContain(expected);
    }
    expect(kinds.indexOf('order.placed')).toBeLessThan(kinds.indexOf('order.paid'));
    expect(kinds.indexOf('ticket.reissued')).toBeLessThan(kinds.indexOf('scan'));
    expect(timeline.find((e) => e.kind === 'order.refunded')).toMatchObject({
      actorId: 'admin-1',
      details: { reason: 'ill', returnSeats: true },
    });
    expect(timeline.find((e) => e.kind === 'scan')).toMatchObject({
      actorId: 'steward-1',
      details: { ticketId: first, result: 'valid', gateId: 'north', mode: 'online' },
    });

    const missing = await call('GET', '/orders/5f0c1b9e-0000-4000-8000-000000000000', asAdmin);
    expect(missing).toMatchObject({ status: 404, body: { code: 'order_not_found' } });
  });
});

describe('refunds', () => {
  test('ten concurrent copies of one refund refund once, move money once and all answer the same', async () => {
    const order = await paidOrder('double-click', 2);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        refundOf(order.orderId, 'refund-once', { returnSeats: true, reason: 'event moved' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    const bodies = answers.map((a) => JSON.stringify(a.body));
    expect(new Set(bodies).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    expect(answers[0]?.body).toMatchObject({ orderId: order.orderId, status: 'refunded', refundedCents: 8_000 });

    const refundId = answers[0]?.body.refundId as string;
    const requested = (await readOutbox(app.booking.sql(), 'payment.refund_requested')).filter(
      (m) => m.data.orderId === order.orderId,
    );
    expect(requested.map((m) => m.data.refundId)).toEqual([refundId]);
    const ledger = await settlePayments(app.booking);
    expect(ledger.refunds.filter((r) => r.idempotencyKey === `refund:${refundId}`)).toEqual([
      expect.objectContaining({ amountCents: 8_000 }),
    ]);
    expect(ledger.refunds.filter((r) => r.amountCents === 8_000)).toHaveLength(1);
    expect(await readAudit(app.booking.sql(), 'order', order.orderId)).toHaveLength(1);

    // A later retry, after everything settled, still answers the first refund and changes nothing.
    const counts = await bookingCounts(app.booking.sql());
    const late = await refundOf(order.orderId, 'refund-once', { returnSeats: true, reason: 'event moved' });
    expect(late.status).toBe(201);
    expect(JSON.stringify(late.body)).toBe(bodies[0]);
    expect(await bookingCounts(app.booking.sql())).toEqual(counts);
  });

  test('a partial refund keeps its seats off sale; the same key for another request is a 422', async () => {
    const order = await paidOrder('partial', 2);
    const [first] = await ticketIdsOfOrder(app.booking.sql(), order.orderId);
    const refunded = await refundOf(order.orderId, 'partial-1', {
      ticketIds: [first],
      returnSeats: false,
      reason: 'seat broken',
    });
    expect(refunded.status).toBe(201);
    expect(refunded.body).toMatchObject({ status: 'partially_refunded', refundedCents: 4_000, seatsReturned: false });
    const [seat] = (await readOutbox(app.booking.sql(), 'seat.blocked')).at(-1)?.data.seats as Array<{
      seatId: string;
    }>;
    expect((await readSeats(app.booking.sql(), [seat!.seatId]))[0]?.status).toBe('blocked');

    const reused = await refundOf(order.orderId, 'partial-1', { returnSeats: true, reason: 'the rest' });
    expect(reused).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
    const rest = await refundOf(order.orderId, 'partial-2', { returnSeats: true, reason: 'the rest' });
    expect(rest.body).toMatchObject({ status: 'refunded', refundedCents: 4_000, totalRefundedCents: 8_000 });
    const again = await refundOf(order.orderId, 'partial-3', { returnSeats: true, reason: 'again' });
    expect(again).toMatchObject({ status: 409, body: { code: 'order_not_refundable' } });
  });

  test('refusals: no key, a bad body, an unknown order', async () => {
    const order = await paidOrder('refusals', 1);
    const counts = await bookingCounts(app.booking.sql());
    const noKey = await call('POST', `/orders/${order.orderId}/refunds`, {
      ...asAdmin,
      body: { returnSeats: true, reason: 'x' },
    });
    expect(noKey).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const bad = await refundOf(order.orderId, 'bad', { returnSeats: 'yes', reason: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual([
      '',
      'reason',
      'returnSeats',
    ]);
    const unknown = await refundOf('5f0c1b9e-0000-4000-8000-000000000000', 'unknown', {
      returnSeats: true,
      reason: 'x',
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'order_not_found' } });
    expect(await bookingCounts(app.booking.sql())).toEqual(counts);
  });
});

describe('reissue', () => {
  test('a new version, the fan mailed once however often the admin clicks', async () => {
    const order = await paidOrder('reissue', 1);
    const [ticketId] = await ticketIdsOfOrder(app.booking.sql(), order.orderId);
    const clicks = await Promise.all(
      Array.from({ length: 3 }, () =>
        call('POST', `/tickets/${ticketId}/reissue`, {
          ...asAdmin,
          headers: { 'idempotency-key': 'reissue-1' },
          body: { reason: 'screenshot leaked' },
        }),
      ),
    );
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200]);
    expect(clicks.map((c) => c.body)).toEqual(
      Array(3).fill(expect.objectContaining({ ticketId, version: 2, previousVersion: 1 })),
    );
    expect((await readTicketRows(app.booking.sql(), [ticketId!]))[0]?.version).toBe(2);
    const mails = (await readOutbox(app.booking.sql(), 'ticket.reissued')).filter((m) => m.data.ticketId === ticketId);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.data).toMatchObject({ version: 2, previousVersion: 1, email: 'reissue@example.test' });
    expect((await readAudit(app.booking.sql(), 'ticket', ticketId!)).map((a) => a.details)).toEqual([
      { previousVersion: 1, version: 2, reason: 'screenshot leaked' },
    ]);

    const unknown = await call('POST', '/tickets/5f0c1b9e-0000-4000-8000-000000000000/reissue', {
      ...asAdmin,
      headers: { 'idempotency-key': 'reissue-2' },
      body: { reason: 'x' },
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'ticket_not_found' } });
  });
});
