import {
  createHold,
  createPaidOrder,
  createSale,
  testTicketCode,
  ticketIdsOfOrder,
  type SaleFixture,
} from '@ticketing/booking/testing';
import { adminClient, organizer, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';
import { openSseStream } from '../testing/sse.ts';
import { startWaitingRoomStub, type WaitingRoomStub } from '../testing/waiting-room-stub.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;
let waitingRoom: WaitingRoomStub;
let first: SaleFixture;
let second: SaleFixture;

beforeAll(async () => {
  waitingRoom = await startWaitingRoomStub();
  app = await startAdminTestApp('admin_dashboard', {
    WAITING_ROOM_URL: waitingRoom.url,
    ADMIN_DASHBOARD_INTERVAL_MS: '100',
    ADMIN_DASHBOARD_HEARTBEAT_MS: '300',
  });
  call = adminClient(app);
  first = await createSale(app.booking.sql(), { seats: 5 });
  second = await createSale(app.booking.sql(), { seats: 3 });
});
afterAll(async () => {
  await app.close();
  await waitingRoom.close();
});

const token = async (user = 'organizer-1') =>
  `Bearer ${await app.identity.accessToken(user, { roles: ['organizer'] })}`;
const streamUrl = (...dropIds: string[]) => `${app.url}/dashboard/stream?dropIds=${dropIds.join(',')}`;
const isStats = (event: { event: string }) => event.event === 'stats';
const gatesOf = (event: { data: string }) =>
  JSON.parse(event.data) as {
    eventId: string;
    gates: Array<{ gateId: string; scans: number; admitted: number; refused: number; admittedPerMinute: number }>;
  };
const statsOf = (event: { data: string }) =>
  JSON.parse(event.data) as {
    dropId: string;
    seats: { available: number; held: number };
    queue: { available: boolean };
  };

describe('the live dashboard stream', () => {
  test('pushes each drop’s numbers at once, then again whenever they change, with heartbeats between', async () => {
    waitingRoom.answer(404, { code: 'drop_not_found' });
    const stream = await openSseStream(streamUrl(first.drop.id, second.drop.id), await token());
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const a = statsOf(await stream.waitFor((e) => isStats(e) && statsOf(e).dropId === first.drop.id));
      const b = statsOf(await stream.waitFor((e) => isStats(e) && statsOf(e).dropId === second.drop.id));
      expect(a.seats).toEqual({ available: 5, held: 0, sold: 0 });
      expect(b.seats).toEqual({ available: 3, held: 0, sold: 0 });
      expect(a.queue).toMatchObject({ available: false, reason: 'not_found' });

      // Nothing changed: no new stats nor gates, only heartbeats.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(stream.events.filter(isStats)).toHaveLength(2);
      expect(stream.events).toHaveLength(4);
      expect(stream.comments).toBeGreaterThan(0);

      const heldAt = Date.now();
      await createHold(app.booking.sql(), first.drop, { userId: 'fan-1', seatIds: first.seatIds.slice(0, 2) });
      const update = statsOf(await stream.waitFor((e) => isStats(e) && statsOf(e).seats.held === 2, { from: 4 }));
      expect(update).toMatchObject({ dropId: first.drop.id, seats: { available: 3, held: 2, sold: 0 } });
      expect(Date.now() - heldAt).toBeLessThan(2_000);
      expect(stream.events.slice(4).every((e) => isStats(e) && statsOf(e).dropId === first.drop.id)).toBe(true);
      expect(stream.events.map((e) => e.id)).toEqual(stream.events.map((_e, i) => String(i + 1)));
    } finally {
      stream.close();
    }
  });

  test('each event’s scans per gate come beside the drops’ numbers, again whenever a gate scans', async () => {
    waitingRoom.answer(404, { code: 'drop_not_found' });
    const order = await createPaidOrder(app.booking, first.drop, { userId: 'fan-9', seatIds: first.seatIds.slice(4) });
    const [ticketId] = await ticketIdsOfOrder(app.booking.sql(), order.orderId);
    const code = testTicketCode({ ticketId: ticketId!, eventId: first.event.id, version: 1 });
    const stream = await openSseStream(streamUrl(first.drop.id, second.drop.id), await token());
    try {
      const quiet = await stream.waitFor((e) => e.event === 'gates' && gatesOf(e).eventId === first.event.id);
      expect(gatesOf(quiet).gates).toEqual([]);
      await stream.waitFor((e) => e.event === 'gates' && gatesOf(e).eventId === second.event.id);
      const steward = { user: 'steward-1', roles: ['gate'] };
      const scan = (gateId: string, nonce: string) =>
        call('POST', '/scans', {
          as: steward,
          body: { eventId: first.event.id, code, gateId, deviceId: `phone-${gateId}`, nonce },
        });
      expect((await scan('north', 'n-1')).body.result).toBe('valid');
      expect((await scan('south', 'n-2')).body.result).toBe('already_used');
      const counted = gatesOf(
        await stream.waitFor((e) => e.event === 'gates' && gatesOf(e).gates.length === 2, { timeoutMs: 3_000 }),
      );
      expect(counted.eventId).toBe(first.event.id);
      expect(counted.gates.map(({ admittedPerMinute: _pace, ...gate }) => gate)).toEqual([
        { gateId: 'north', scans: 1, admitted: 1, refused: 0 },
        { gateId: 'south', scans: 1, admitted: 0, refused: 1 },
      ]);
    } finally {
      stream.close();
    }
  });

  test('the waiting room is asked with the caller’s token, and no more once the client has gone', async () => {
    waitingRoom.answer(200, { waiting: 'not numbers' });
    waitingRoom.requests.length = 0;
    const stream = await openSseStream(streamUrl(second.drop.id), await token());
    await stream.waitFor(() => true);
    stream.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const asked = waitingRoom.requests.length;
    expect(asked).toBeGreaterThan(0);
    expect(waitingRoom.requests[0]?.path).toBe(`/drops/${second.drop.id}/stats`);
    expect(waitingRoom.requests[0]?.headers.authorization).toMatch(/^Bearer /);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(waitingRoom.requests.length).toBe(asked);
  });

  test('drops are listed once each, at most twenty, each one the caller’s', async () => {
    const cases: Array<[string, number, string]> = [
      ['', 400, 'validation_failed'],
      ['not-an-id', 400, 'validation_failed'],
      [`${first.drop.id},${first.drop.id}`, 400, 'validation_failed'],
      [Array.from({ length: 21 }, () => crypto.randomUUID()).join(','), 400, 'validation_failed'],
      [`${first.drop.id},${crypto.randomUUID()}`, 404, 'drop_not_found'],
    ];
    for (const [dropIds, status, code] of cases) {
      const answer = await call('GET', `/dashboard/stream?dropIds=${dropIds}`);
      expect([dropIds, answer.status, answer.body.code]).toEqual([dropIds, status, code]);
    }
    const other = await call('GET', `/dashboard/stream?dropIds=${first.drop.id}`, { as: organizer('organizer-2') });
    expect([other.status, other.body.code]).toEqual([404, 'drop_not_found']);
  });
});
