import {
  importTicketPublicKeys,
  verifyGateList,
  verifyTicketCode,
  type TicketVerificationKey,
} from '@ticketing/common';
import {
  applyGateList,
  emptyGateListState,
  offlineVerdict,
  type GateListPayload,
  type GateListState,
  type SignedGateList,
} from '@ticketing/common/contracts/gate';
import {
  createPaidOrder,
  createSale,
  readTicketRows,
  testTicketCode,
  ticketIdsOfOrder,
  type SaleFixture,
} from '@ticketing/booking/testing';
import { admin, adminClient, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;
let sale: SaleFixture;
let keys: TicketVerificationKey[];
let seatCursor = 0;
let nonce = 0;

const steward = { user: 'steward-1', roles: ['gate'] };

beforeAll(async () => {
  app = await startAdminTestApp('admin_gate_list');
  call = adminClient(app);
  sale = await createSale(app.booking.sql(), { seats: 30 });
  const published = await call('GET', '/gate/keys', { as: steward });
  expect(published.status).toBe(200);
  keys = importTicketPublicKeys(published.body.keys as Array<Record<string, string>>);
});
afterAll(async () => {
  await app.close();
});

async function ticket() {
  const seats = sale.seatIds.slice(seatCursor, ++seatCursor);
  const order = await createPaidOrder(app.booking, sale.drop, { userId: `fan-${seatCursor}`, seatIds: seats });
  const [ticketId] = await ticketIdsOfOrder(app.booking.sql(), order.orderId);
  return {
    orderId: order.orderId,
    ticketId: ticketId!,
    code: (version = 1) => testTicketCode({ ticketId: ticketId!, eventId: sale.event.id, version }),
  };
}

/** What a device does: download, check the signature, parse. */
async function download(since?: string): Promise<GateListPayload> {
  const answer = await call('GET', `/gate/events/${sale.event.id}/list${since ? `?since=${since}` : ''}`, {
    as: steward,
  });
  expect(answer.status).toBe(200);
  const verified = verifyGateList(answer.body as unknown as SignedGateList, keys);
  if (!verified.ok) throw new Error(`the gate list does not verify: ${verified.reason}`);
  return verified.payload;
}

async function sync(state: GateListState): Promise<void> {
  expect(applyGateList(state, await download(state.cursor ?? undefined))).toBe(true);
}

/** A device's answer from its own list, as the scanner page decides offline. */
function offlineScan(state: GateListState, code: string) {
  const verified = verifyTicketCode(code, keys);
  const claims = verified.ok ? verified.claims : null;
  return offlineVerdict(state.eventId, claims, claims ? state.tickets.get(claims.ticketId) : undefined).result;
}

const reissue = (ticketId: string) =>
  call('POST', `/tickets/${ticketId}/reissue`, {
    as: admin(),
    headers: { 'idempotency-key': `reissue-${ticketId}` },
    body: { reason: 'lost phone' },
  });
const refund = (orderId: string) =>
  call('POST', `/orders/${orderId}/refunds`, {
    as: admin(),
    headers: { 'idempotency-key': `refund-${orderId}` },
    body: { returnSeats: false, reason: 'ill' },
  });
const scanOnline = (code: string, gateId = 'north') =>
  call('POST', '/scans', {
    as: steward,
    body: { eventId: sale.event.id, code, gateId, deviceId: 'online-phone', nonce: `on-${++nonce}` },
  });

describe('the signed gate list', () => {
  test('every ticket of the event with its version and status, signed with a published key', async () => {
    const t = await ticket();
    const list = await download();
    expect(list).toMatchObject({ format: 'gate-list.v1', eventId: sale.event.id, since: null });
    expect(list.tickets).toContainEqual({
      ticketId: t.ticketId,
      version: 1,
      status: 'valid',
      usedAt: null,
      usedGateId: null,
    });

    const raw = await call('GET', `/gate/events/${sale.event.id}/list`, { as: steward });
    const tampered = { ...(raw.body as unknown as SignedGateList) };
    tampered.payload = tampered.payload.replace('"status":"valid"', '"status":"used"');
    expect(verifyGateList(tampered, keys)).toEqual({ ok: false, reason: 'bad_signature' });

    const unknown = await call('GET', '/gate/events/5f0c1b9e-0000-4000-8000-000000000000/list', { as: steward });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'event_not_found' } });
    const badCursor = await call('GET', `/gate/events/${sale.event.id}/list?since=abc`, { as: steward });
    expect(badCursor).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });

  test('a delta carries exactly what changed since the cursor: reissues, refunds, admissions', async () => {
    const [reissued, refunded, admitted, untouched] = [await ticket(), await ticket(), await ticket(), await ticket()];
    const device = emptyGateListState(sale.event.id);
    await sync(device);
    expect(offlineScan(device, reissued.code(1))).toBe('valid');

    expect((await reissue(reissued.ticketId)).status).toBe(200);
    expect((await refund(refunded.orderId)).status).toBe(201);
    expect((await scanOnline(admitted.code(), 'west')).body.result).toBe('valid');

    const before = new Map(device.tickets);
    const delta = await download(device.cursor!);
    expect(delta.since).toBe(device.cursor);
    const changed = [reissued.ticketId, refunded.ticketId, admitted.ticketId];
    expect(delta.tickets.map((t) => t.ticketId)).toEqual(expect.arrayContaining(changed));
    // A delta may repeat tickets (the cursor is a snapshot's xmin, held back by transactions still
    // running anywhere in the cluster), but only as they already were.
    for (const entry of delta.tickets.filter((t) => !changed.includes(t.ticketId))) {
      expect(entry).toEqual(before.get(entry.ticketId));
    }
    expect(applyGateList(device, delta)).toBe(true);

    // The device that synced before the reissue refuses the old code once it has synced again.
    expect(offlineScan(device, reissued.code(1))).toBe('reissued');
    expect(offlineScan(device, reissued.code(2))).toBe('valid');
    expect(offlineScan(device, refunded.code())).toBe('revoked');
    expect(offlineScan(device, admitted.code())).toBe('already_used');
    expect(offlineScan(device, untouched.code())).toBe('valid');

    // Nothing changed since: nothing new in the next delta.
    const quiet = await download(device.cursor!);
    for (const entry of quiet.tickets) expect(entry).toEqual(device.tickets.get(entry.ticketId));
  });

  test('a reissued ticket’s old code is refused by a freshly downloaded list too', async () => {
    const t = await ticket();
    await reissue(t.ticketId);
    const device = emptyGateListState(sale.event.id);
    await sync(device);
    expect(offlineScan(device, t.code(1))).toBe('reissued');
    expect(offlineScan(device, t.code(2))).toBe('valid');
  });
});

describe('POST /gate/scans/offline', () => {
  const scanned = (deviceId: string, n: string, code: string, at: string, result = 'valid') => ({
    deviceId,
    nonce: n,
    code,
    gateId: `gate-of-${deviceId}`,
    scannedAt: at,
    result,
  });
  const upload = (scans: unknown[]) =>
    call('POST', '/gate/scans/offline', { as: steward, body: { eventId: sale.event.id, scans } });

  test('two offline devices that both admitted one ticket are reported, with both scans', async () => {
    const t = await ticket();
    const other = await ticket();
    const first = await upload([
      scanned('phone-a', 'a-1', t.code(), '2030-05-01T18:00:05.000Z'),
      scanned('phone-a', 'a-2', other.code(), '2030-05-01T18:00:07.000Z'),
    ]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 2, alreadyKnown: 0, duplicates: [] });

    const second = await upload([scanned('phone-b', 'b-1', t.code(), '2030-05-01T18:00:01.000Z')]);
    expect(second.body).toEqual({
      accepted: 1,
      alreadyKnown: 0,
      duplicates: [
        {
          ticketId: t.ticketId,
          scans: [
            {
              deviceId: 'phone-b',
              gateId: 'gate-of-phone-b',
              nonce: 'b-1',
              scannedAt: '2030-05-01T18:00:01.000Z',
              mode: 'offline',
            },
            {
              deviceId: 'phone-a',
              gateId: 'gate-of-phone-a',
              nonce: 'a-1',
              scannedAt: '2030-05-01T18:00:05.000Z',
              mode: 'offline',
            },
          ],
        },
      ],
    });
    // The ticket is used from its first admission on, wherever that was.
    expect((await readTicketRows(app.booking.sql(), [t.ticketId]))[0]).toMatchObject({
      used_at: '2030-05-01T18:00:01.000Z',
      used_gate: 'gate-of-phone-b',
      used_device: 'phone-b',
    });
    expect((await scanOnline(t.code())).body).toMatchObject({
      result: 'already_used',
      firstGateId: 'gate-of-phone-b',
      firstUsedAt: '2030-05-01T18:00:01.000Z',
    });

    // The same upload again stores nothing and reports the same.
    const again = await upload([scanned('phone-b', 'b-1', t.code(), '2030-05-01T18:00:01.000Z')]);
    expect(again.body).toEqual({ ...second.body, accepted: 0, alreadyKnown: 1 });
  });

  test('an offline admission of a ticket already admitted online is reported; refusals admit nothing', async () => {
    const t = await ticket();
    expect((await scanOnline(t.code(), 'main')).body.result).toBe('valid');
    const refused = await ticket();
    const report = await upload([
      scanned('phone-c', 'c-1', t.code(), new Date().toISOString()),
      scanned('phone-c', 'c-2', refused.code(), new Date().toISOString(), 'revoked'),
      scanned('phone-c', 'c-3', 'garbage', new Date().toISOString(), 'invalid'),
    ]);
    expect(report.body).toMatchObject({ accepted: 3, alreadyKnown: 0 });
    expect(report.body.duplicates).toEqual([
      {
        ticketId: t.ticketId,
        scans: [
          expect.objectContaining({ gateId: 'main', mode: 'online' }),
          expect.objectContaining({ deviceId: 'phone-c', mode: 'offline' }),
        ],
      },
    ]);
    expect((await readTicketRows(app.booking.sql(), [refused.ticketId]))[0]?.used_at).toBeNull();
  });
});
