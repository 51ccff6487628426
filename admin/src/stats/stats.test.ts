import { startTcpProxy, type TcpProxy } from '@ticketing/common/testing';
import { refundOrder } from '@ticketing/booking/back-office';
import { createHold, createPaidOrder, createSale, type SaleFixture } from '@ticketing/booking/testing';
import { adminClient, fan, organizer, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';
import { startWaitingRoomStub, type WaitingRoomStub } from '../testing/waiting-room-stub.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;
let waitingRoom: WaitingRoomStub;
let proxy: TcpProxy;
let sale: SaleFixture;

beforeAll(async () => {
  waitingRoom = await startWaitingRoomStub();
  // Between the admin service and the waiting room, so a test can take the waiting room away.
  proxy = await startTcpProxy(waitingRoom.port);
  app = await startAdminTestApp('admin_stats', {
    WAITING_ROOM_URL: `http://127.0.0.1:${proxy.port}`,
    WAITING_ROOM_TIMEOUT_MS: '300',
  });
  call = adminClient(app);

  // Seven seats at 50.00: two sold; two sold and one of them refunded back to sale;
  // two in a live hold; one in a hold whose time is up (free again, swept or not).
  sale = await createSale(app.booking.sql(), { seats: 7, priceCents: 5_000 });
  const [s1, s2, s3, s4, s5, s6, s7] = sale.seatIds as [string, string, string, string, string, string, string];
  await createPaidOrder(app.booking, sale.drop, { userId: 'fan-a', seatIds: [s1, s2] });
  const refunded = await createPaidOrder(app.booking, sale.drop, { userId: 'fan-b', seatIds: [s3, s4] });
  await refundOrder(app.booking.db, {
    orderId: refunded.orderId,
    ticketIds: [refunded.ticketIds[0]!],
    returnSeats: true,
    actorId: 'admin-1',
    reason: 'cannot come',
  });
  await createHold(app.booking.sql(), sale.drop, { userId: 'fan-c', seatIds: [s5, s6] });
  await createHold(app.booking.sql(), sale.drop, { userId: 'fan-d', seatIds: [s7], expiresInSeconds: -10 });
});
afterAll(async () => {
  await app.close();
  await proxy.close();
  await waitingRoom.close();
});

beforeEach(() => {
  proxy.restore();
  waitingRoom.requests.length = 0;
});

const fromPostgres = () => ({
  dropId: sale.drop.id,
  eventId: sale.event.id,
  seats: { available: 2, held: 2, sold: 3 },
  holds: { live: 1 },
  revenue: [{ currency: 'EUR', paidOrders: 2, grossCents: 20_000, refundedCents: 5_000, netCents: 15_000 }],
});

/** What the waiting room's GET /drops/:dropId/stats answers. */
const queueAnswer = () => ({
  dropId: sale.drop.id,
  eventId: sale.event.id,
  phase: 'open',
  waiting: 1_250,
  prequeued: 0,
  admitted: 900,
  active: 180,
  finished: 700,
  admissionsExpired: 20,
  droppedInactive: 5,
  releasedPerMinute: 590,
  configuredRatePerMinute: 600,
  maxActive: 200,
  etaForLastSeconds: 127,
  soldOut: false,
  seatsAvailable: 2,
  seatsHeld: 2,
  seatsSold: 3,
  at: '2030-01-01T10:00:00.000Z',
});

describe('the live dashboard of a drop', () => {
  test('with the waiting room up: its queue numbers, asked with the caller’s token, beside PostgreSQL’s', async () => {
    waitingRoom.answer(200, queueAnswer());
    const stats = await call('GET', `/drops/${sale.drop.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject(fromPostgres());
    expect(stats.body.queue).toEqual({
      available: true,
      phase: 'open',
      waiting: 1_250,
      prequeued: 0,
      admitted: 900,
      active: 180,
      finished: 700,
      releasedPerMinute: 590,
      configuredRatePerMinute: 600,
      maxActive: 200,
      etaForLastSeconds: 127,
      soldOut: false,
      at: '2030-01-01T10:00:00.000Z',
    });
    expect(waitingRoom.requests).toHaveLength(1);
    expect(waitingRoom.requests[0]?.path).toBe(`/drops/${sale.drop.id}/stats`);
    const token = waitingRoom.requests[0]?.headers.authorization ?? '';
    expect(await app.identity.authenticator.verify(token.replace(/^Bearer /, ''))).toMatchObject({
      id: 'organizer-1',
      roles: ['organizer'],
    });
  });

  test('with the waiting room down: PostgreSQL’s numbers, and the queue marked unreachable', async () => {
    waitingRoom.answer(200, queueAnswer());
    proxy.cut();
    const stats = await call('GET', `/drops/${sale.drop.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject(fromPostgres());
    expect(stats.body.queue).toMatchObject({ available: false, reason: 'unreachable' });
  });

  test('with the waiting room not answering in time: the queue marked timeout', async () => {
    waitingRoom.hang();
    const stats = await call('GET', `/drops/${sale.drop.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject(fromPostgres());
    expect(stats.body.queue).toMatchObject({ available: false, reason: 'timeout' });
  });

  test.each([
    [404, { code: 'drop_not_found' }, 'not_found'],
    [503, { code: 'queue_unavailable' }, 'error'],
    [200, { waiting: 'many' }, 'error'],
  ])('a waiting room answering %s %j: the queue marked %s', async (status, body, reason) => {
    waitingRoom.answer(status, body);
    const stats = await call('GET', `/drops/${sale.drop.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject(fromPostgres());
    expect(stats.body.queue).toMatchObject({ available: false, reason });
  });

  test('only the event’s organizer or an admin sees it; the waiting room is not asked for others', async () => {
    waitingRoom.answer(200, queueAnswer());
    const other = await call('GET', `/drops/${sale.drop.id}/stats`, { as: organizer('organizer-2') });
    expect([other.status, other.body.code]).toEqual([404, 'drop_not_found']);
    const byFan = await call('GET', `/drops/${sale.drop.id}/stats`, { as: fan() });
    expect([byFan.status, byFan.body.code]).toEqual([403, 'insufficient_role']);
    expect(waitingRoom.requests).toHaveLength(0);
    const byAdmin = await call('GET', `/drops/${sale.drop.id}/stats`, { as: { user: 'admin-1', roles: ['admin'] } });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.queue).toMatchObject({ available: true, waiting: 1_250 });
  });
});
