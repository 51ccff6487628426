import { generateTicketSigningKey } from '@ticketing/common';
import {
  createPaidOrder,
  createSale,
  readScanRows,
  readTicketRows,
  testTicketCode,
  ticketIdsOfOrder,
  type SaleFixture,
} from '@ticketing/booking/testing';
import { admin, adminClient, organizer, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;
let sale: SaleFixture;
let other: SaleFixture;
let seatCursor = 0;
let nonce = 0;

beforeAll(async () => {
  // Enough connections that the fifty scans below really meet in PostgreSQL.
  app = await startAdminTestApp('admin_scans', { ADMIN_DATABASE_POOL_SIZE: '25' });
  call = adminClient(app);
  sale = await createSale(app.booking.sql(), { seats: 20 });
  other = await createSale(app.booking.sql(), { seats: 2 });
});
afterAll(async () => {
  await app.close();
});

const steward = (user = 'steward-1') => ({ user, roles: ['gate'] });

async function ticket(fixture: SaleFixture = sale) {
  const seats = fixture === sale ? sale.seatIds.slice(seatCursor, ++seatCursor) : [fixture.seatIds[0]!];
  const order = await createPaidOrder(app.booking, fixture.drop, { userId: `fan-${seatCursor}`, seatIds: seats });
  const [ticketId] = await ticketIdsOfOrder(app.booking.sql(), order.orderId);
  return {
    orderId: order.orderId,
    ticketId: ticketId!,
    code: (version = 1) => testTicketCode({ ticketId: ticketId!, eventId: fixture.event.id, version }),
  };
}

function scan(code: string, options: { gateId?: string; deviceId?: string; nonce?: string; eventId?: string } = {}) {
  return call('POST', '/scans', {
    as: steward(),
    body: {
      eventId: options.eventId ?? sale.event.id,
      code,
      gateId: options.gateId ?? 'north-1',
      deviceId: options.deviceId ?? 'phone-1',
      nonce: options.nonce ?? `n-${++nonce}`,
    },
  });
}

describe('POST /scans', () => {
  test('valid once, then already used, with when and where it was first admitted', async () => {
    const t = await ticket();
    const first = await scan(t.code(), { gateId: 'north-1' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      result: 'valid',
      ticket: { ticketId: t.ticketId, version: 1, seat: expect.stringMatching(/row A, seat \d+$/) },
    });
    const [row] = await readTicketRows(app.booking.sql(), [t.ticketId]);
    expect(row).toMatchObject({ used_gate: 'north-1', used_device: 'phone-1' });

    const second = await scan(t.code(), { gateId: 'south-2', deviceId: 'phone-2' });
    expect(second.body).toMatchObject({
      result: 'already_used',
      firstGateId: 'north-1',
      firstUsedAt: row!.used_at,
    });
  });

  test("the contract's minimal body (no eventId) admits to the code's own event", async () => {
    const t = await ticket();
    const body = { code: t.code(), gateId: 'east-1', deviceId: 'phone-9', nonce: `n-${++nonce}` };
    const first = await call('POST', '/scans', { as: steward(), body });
    expect(first).toMatchObject({ status: 200, body: { result: 'valid', ticket: { ticketId: t.ticketId } } });
    const again = await call('POST', '/scans', { as: steward(), body: { ...body, nonce: `n-${++nonce}` } });
    expect(again.body).toMatchObject({ result: 'already_used', firstGateId: 'east-1' });
    const unreadable = await call('POST', '/scans', {
      as: steward(),
      body: { ...body, code: 'not-a-code', nonce: `n-${++nonce}` },
    });
    expect(unreadable).toMatchObject({ status: 200, body: { result: 'invalid' } });
  });

  test('fifty simultaneous scans of one ticket admit it exactly once', async () => {
    const t = await ticket();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => scan(t.code(), { gateId: `gate-${i % 5}`, deviceId: `device-${i}` })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const results = answers.map((a) => a.body.result);
    expect(results.filter((r) => r === 'valid')).toHaveLength(1);
    expect(results.filter((r) => r === 'already_used')).toHaveLength(49);
    const winner = answers.find((a) => a.body.result === 'valid');
    const winnerGate = `gate-${answers.indexOf(winner!) % 5}`;
    expect(new Set(answers.filter((a) => a.body.result === 'already_used').map((a) => a.body.firstGateId))).toEqual(
      new Set([winnerGate]),
    );
    const scans = await readScanRows(app.booking.sql(), t.ticketId);
    expect(scans).toHaveLength(50);
    expect(scans.filter((s) => s.admitted)).toHaveLength(1);
  });

  test('a retried nonce is told the first answer, even at the same moment, and scans nothing', async () => {
    const t = await ticket();
    const retries = await Promise.all(
      Array.from({ length: 5 }, () => scan(t.code(), { deviceId: 'phone-9', nonce: 'same-nonce' })),
    );
    expect(retries.map((r) => r.body.result)).toEqual(Array(5).fill('valid'));
    const later = await scan(t.code(), { deviceId: 'phone-9', nonce: 'same-nonce' });
    expect(later.body).toEqual(retries[0]?.body);
    expect(await readScanRows(app.booking.sql(), t.ticketId)).toHaveLength(1);
    // The same nonce on another device is another scan.
    expect((await scan(t.code(), { deviceId: 'phone-10', nonce: 'same-nonce' })).body.result).toBe('already_used');
  });

  test('revoked by a refund; reissued: the old code is refused, the new one admits', async () => {
    const refunded = await ticket();
    await call('POST', `/orders/${refunded.orderId}/refunds`, {
      as: admin(),
      headers: { 'idempotency-key': `r-${refunded.orderId}` },
      body: { returnSeats: true, reason: 'cannot come' },
    });
    expect((await scan(refunded.code())).body).toMatchObject({
      result: 'revoked',
      ticket: { ticketId: refunded.ticketId },
    });

    const reissued = await ticket();
    const answer = await call('POST', `/tickets/${reissued.ticketId}/reissue`, {
      as: admin(),
      headers: { 'idempotency-key': `ri-${reissued.ticketId}` },
      body: { reason: 'lost phone' },
    });
    expect(answer.body.version).toBe(2);
    expect((await scan(reissued.code(1))).body).toMatchObject({ result: 'reissued', ticket: { version: 2 } });
    expect((await scan(reissued.code(2))).body.result).toBe('valid');
    // The old code stays refused after the new one was used.
    expect((await scan(reissued.code(1))).body.result).toBe('reissued');
  });

  test('wrong event, and codes that are not ours', async () => {
    const foreign = await ticket(other);
    expect((await scan(foreign.code())).body).toEqual({ result: 'wrong_event' });
    const t = await ticket();
    const forged = testTicketCode(
      { ticketId: t.ticketId, eventId: sale.event.id, version: 1 },
      generateTicketSigningKey(),
    );
    expect((await scan(forged)).body).toEqual({ result: 'invalid' });
    expect((await scan('not-a-ticket')).body).toEqual({ result: 'invalid' });
    // Signed by us for a version the ticket never had.
    expect((await scan(t.code(7))).body).toEqual({ result: 'invalid' });
    // Nothing of those admitted it.
    expect((await scan(t.code())).body.result).toBe('valid');
  });

  test('refusals: an unknown event, bad fields, the wrong role', async () => {
    const t = await ticket();
    const unknown = await scan(t.code(), { eventId: '5f0c1b9e-0000-4000-8000-000000000000' });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'event_not_found' } });
    const bad = await call('POST', '/scans', {
      as: steward(),
      body: { eventId: 'x', code: '', gateId: 'a gate', deviceId: 'd', nonce: 'n' },
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual([
      'code',
      'eventId',
      'gateId',
    ]);
    for (const as of [admin(), organizer(), { user: 'fan-1', roles: ['fan'] }]) {
      const refused = await call('POST', '/scans', {
        as,
        body: { eventId: sale.event.id, code: t.code(), gateId: 'g', deviceId: 'd', nonce: 'n' },
      });
      expect(refused).toMatchObject({ status: 403, body: { code: 'insufficient_role' } });
    }
    expect((await scan(t.code())).body.result).toBe('valid');
  });
});

describe('GET /events/:eventId/scan-rates', () => {
  test('scans and admissions per gate, for the organizer of the event', async () => {
    const fixture = await createSale(app.booking.sql(), { seats: 3 });
    const codes = [];
    for (const seatId of fixture.seatIds) {
      const order = await createPaidOrder(app.booking, fixture.drop, { userId: `rate-${seatId}`, seatIds: [seatId] });
      const [ticketId] = await ticketIdsOfOrder(app.booking.sql(), order.orderId);
      codes.push(testTicketCode({ ticketId: ticketId!, eventId: fixture.event.id, version: 1 }));
    }
    await scan(codes[0]!, { eventId: fixture.event.id, gateId: 'east' });
    await scan(codes[0]!, { eventId: fixture.event.id, gateId: 'east' });
    await scan(codes[1]!, { eventId: fixture.event.id, gateId: 'west' });
    await scan(codes[2]!, { eventId: fixture.event.id, gateId: 'east' });

    const rates = await call('GET', `/events/${fixture.event.id}/scan-rates?windowMinutes=10&bucketSeconds=60`, {
      as: organizer(),
    });
    expect(rates.status).toBe(200);
    expect(rates.body).toMatchObject({ eventId: fixture.event.id, bucketSeconds: 60 });
    const gates = rates.body.gates as Array<{ gateId: string; scans: number; admitted: number; refused: number }>;
    expect(gates.map((g) => [g.gateId, g.scans, g.admitted, g.refused])).toEqual([
      ['east', 3, 2, 1],
      ['west', 1, 1, 0],
    ]);
    const foreign = await call('GET', `/events/${fixture.event.id}/scan-rates`, { as: organizer('organizer-2') });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'event_not_found' } });
  });
});
