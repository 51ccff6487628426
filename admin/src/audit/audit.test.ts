import { createPaidOrder, createSale, ticketIdsOfOrder, type SaleFixture } from '@ticketing/booking/testing';
import { admin, adminClient, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;
let sale: SaleFixture;
let orderIds: string[];
let ticketId: string;
let started: string;

beforeAll(async () => {
  app = await startAdminTestApp('admin_audit');
  call = adminClient(app);
  sale = await createSale(app.booking.sql(), { seats: 4 });
  started = new Date(Date.now() - 1_000).toISOString();
  orderIds = [];
  for (const seatId of sale.seatIds.slice(0, 3)) {
    orderIds.push(
      (await createPaidOrder(app.booking, sale.drop, { userId: `fan-${seatId}`, seatIds: [seatId] })).orderId,
    );
  }
  // Three back-office actions by two admins: two refunds and a reissue.
  for (const [i, orderId] of orderIds.slice(0, 2).entries()) {
    const refunded = await call('POST', `/orders/${orderId}/refunds`, {
      as: admin(i === 0 ? 'admin-ann' : 'admin-bob'),
      headers: { 'idempotency-key': `audit-${i}` },
      body: { returnSeats: true, reason: i === 0 ? 'said "sorry", twice' : '=HYPERLINK("evil")' },
    });
    expect(refunded.status).toBe(201);
  }
  [ticketId] = (await ticketIdsOfOrder(app.booking.sql(), orderIds[2]!)) as [string];
  const reissued = await call('POST', `/tickets/${ticketId}/reissue`, {
    as: admin('admin-ann'),
    headers: { 'idempotency-key': 'audit-reissue' },
    body: { reason: 'lost\nphone' },
  });
  expect(reissued.status).toBe(200);
});
afterAll(async () => {
  await app.close();
});

type Entry = {
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
};
const entries = async (query: string) => {
  const page = await call('GET', `/audit${query}`, { as: admin() });
  expect(page.status).toBe(200);
  return page.body as { entries: Entry[]; nextCursor: string | null };
};

describe('GET /audit', () => {
  test('newest first, with who, what, to what and why', async () => {
    const { entries: all } = await entries('');
    expect(all.map((e) => [e.actorId, e.action, e.subjectId])).toEqual([
      ['admin-ann', 'ticket.reissued', ticketId],
      ['admin-bob', 'order.refunded', orderIds[1]],
      ['admin-ann', 'order.refunded', orderIds[0]],
    ]);
    expect(all[2]?.details).toMatchObject({ reason: 'said "sorry", twice', returnSeats: true, amountCents: 5_000 });
  });

  test('filters: actor, action, subject, time range; pages', async () => {
    expect((await entries('?actorId=admin-ann')).entries.map((e) => e.action)).toEqual([
      'ticket.reissued',
      'order.refunded',
    ]);
    expect((await entries('?action=order.refunded')).entries).toHaveLength(2);
    expect((await entries(`?subjectType=order&subjectId=${orderIds[1]}`)).entries.map((e) => e.actorId)).toEqual([
      'admin-bob',
    ]);
    expect((await entries(`?from=${encodeURIComponent(started)}`)).entries).toHaveLength(3);
    expect((await entries(`?to=${encodeURIComponent(started)}`)).entries).toHaveLength(0);

    const first = await entries('?limit=2');
    expect(first.entries).toHaveLength(2);
    const second = await entries(`?limit=2&cursor=${first.nextCursor!}`);
    expect(second.entries.map((e) => e.subjectId)).toEqual([orderIds[0]]);
    expect(second.nextCursor).toBeNull();

    const backwards = await call('GET', `/audit?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z`, { as: admin() });
    expect(backwards).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const forged = await call('GET', '/audit?cursor=WyJ4IiwiMSJd', { as: admin() });
    expect(forged).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
  });
});

describe('GET /audit/export.csv', () => {
  test('the same filters, as CSV a spreadsheet opens safely', async () => {
    const response = await fetch(`${app.url}/audit/export.csv?action=order.refunded`, {
      headers: { authorization: `Bearer ${await app.identity.accessToken('admin-1', { roles: ['admin'] })}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const text = await response.text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actor_id,action,subject_type,subject_id,details');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,admin-bob,order.refunded,order,${orderIds[1]},`);
    // The details are JSON in one field: quoted, its quotes doubled.
    expect(lines[1]).toContain('""reason"":""=HYPERLINK(\\""evil\\"")""');
    expect(lines[2]).toContain('""reason"":""said \\""sorry\\"", twice""');
  });
});
