import {
  importTicketPublicKeys,
  verifyGateList,
  verifyTicketCode,
  type Principal,
  type TicketVerificationKey,
} from '@ticketing/common';
import {
  applyGateList,
  emptyGateListState,
  offlineVerdict,
  type GateListState,
  type SignedGateList,
} from '@ticketing/common/contracts/gate';
import {
  acceptTransfer,
  createPaidOrder,
  createSale,
  offerTransfer,
  testTicketCode,
  type SaleFixture,
} from '@ticketing/booking/testing';
import { adminClient, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';

/*
 * A ticket one fan transferred to another, at the door: the sender's code is
 * refused by POST /scans and by a device whose gate list synced after the
 * transfer; the receiver's new code admits.
 */

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;
let sale: SaleFixture;
let keys: TicketVerificationKey[];
let nonce = 0;
const steward = { user: 'steward-1', roles: ['gate'] };

beforeAll(async () => {
  app = await startAdminTestApp('admin_transferred_ticket');
  call = adminClient(app);
  sale = await createSale(app.booking.sql(), { seats: 2 });
  const published = await call('GET', '/gate/keys', { as: steward });
  keys = importTicketPublicKeys(published.body.keys as Array<Record<string, string>>);
});
afterAll(async () => {
  await app.close();
});

const fan = (id: string): Principal => ({
  id,
  roles: ['fan'],
  username: id,
  email: `${id}@example.test`,
  emailVerified: true,
  name: undefined,
  clientId: 'ticketing-site',
});

async function sync(state: GateListState): Promise<void> {
  const since = state.cursor ? `?since=${state.cursor}` : '';
  const answer = await call('GET', `/gate/events/${sale.event.id}/list${since}`, { as: steward });
  expect(answer.status).toBe(200);
  const verified = verifyGateList(answer.body as unknown as SignedGateList, keys);
  if (!verified.ok) throw new Error(`the gate list does not verify: ${verified.reason}`);
  expect(applyGateList(state, verified.payload)).toBe(true);
}

const offline = (state: GateListState, code: string) => {
  const verified = verifyTicketCode(code, keys);
  const claims = verified.ok ? verified.claims : null;
  return offlineVerdict(state.eventId, claims, claims ? state.tickets.get(claims.ticketId) : undefined).result;
};

const scanOnline = (code: string) =>
  call('POST', '/scans', {
    as: steward,
    body: { eventId: sale.event.id, code, gateId: 'north', deviceId: 'online-phone', nonce: `t-${++nonce}` },
  });

test("a transferred ticket's old code is refused online and by a gate list synced after the transfer", async () => {
  const order = await createPaidOrder(app.booking, sale.drop, { userId: 'sender', seatIds: [sale.seatIds[0]!] });
  const ticketId = order.ticketIds[0]!;
  const oldCode = testTicketCode({ ticketId, eventId: sale.event.id, version: 1 });
  const device = emptyGateListState(sale.event.id);
  await sync(device);
  expect(offline(device, oldCode)).toBe('valid');

  const offered = await offerTransfer(app.booking.db, fan('sender'), { ticketId, toEmail: 'receiver@example.test' });
  await acceptTransfer(app.booking.db, fan('receiver'), offered.transferId);

  expect((await scanOnline(oldCode)).body).toMatchObject({ result: 'reissued', ticket: { ticketId, version: 2 } });
  // The device still holds the list from before the transfer; the next delta voids the old code.
  expect(offline(device, oldCode)).toBe('valid');
  await sync(device);
  expect(offline(device, oldCode)).toBe('reissued');

  const newCode = testTicketCode({ ticketId, eventId: sale.event.id, version: 2 });
  expect(offline(device, newCode)).toBe('valid');
  expect((await scanOnline(newCode)).body).toMatchObject({ result: 'valid', ticket: { ticketId, version: 2 } });
});
