import { verifyGateList, verifyTicketCode, type TicketVerificationKey } from '@ticketing/common';
import {
  applyGateList,
  emptyGateListState,
  offlineVerdict,
  type GateListState,
} from '@ticketing/common/contracts/gate';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { apiClient, type ApiCall } from '../testing/api-client.ts';
import { createSale, readOutbox, type SaleFixture } from '../testing/factories.ts';
import { createPaidOrder } from '../testing/orders.ts';
import { readAudit } from '../testing/drops.ts';
import { testTicketCode } from '../testing/gate.ts';
import { readGateList } from '../gate-list/service.ts';
import { scanTicket } from '../scans/scan.ts';
import { refundOrder } from '../tickets/refund.ts';
import { ticketSigningKey } from '../tickets/signing.ts';
import { setTransferRules } from './rules.ts';

let app: BookingTestApp;
let call: ApiCall;
let sale: SaleFixture;
let keys: TicketVerificationKey[];
let seatCursor = 0;
let nonce = 0;

interface TransferBody {
  transferId: string;
  ticketId: string;
  status: string;
  toEmail: string;
  /** An error's code. */
  code?: string;
}
interface TicketBody {
  ticketId: string;
  version: number;
  status: string;
  code: string | null;
}

beforeAll(async () => {
  app = await startBookingTestApp('transfers');
  call = apiClient(app);
  sale = await createSale(app.em(), { seats: 40, priceCents: 3_000 });
  const key = ticketSigningKey(app.config);
  keys = [{ keyId: key.keyId, publicKey: key.publicKey }];
});
afterAll(() => app.close());

/** A fan signed in with a verified address `<id>@example.test` (the address their orders carry). */
const fan = (id: string) => ({ as: id, email: `${id}@example.test` });

async function ticketOf(userId: string, on: SaleFixture = sale) {
  const seatIds = on === sale ? sale.seatIds.slice(seatCursor, ++seatCursor) : on.seatIds.slice(0, 1);
  const order = await createPaidOrder(app.booking, on.drop, { userId, seatIds });
  return { orderId: order.orderId, ticketId: order.ticketIds[0] ?? '' };
}

const offer = (from: string, ticketId: string, toEmail: string) =>
  call<TransferBody>('POST', `/me/tickets/${ticketId}/transfers`, { ...fan(from), body: { toEmail } });
const accept = (to: string, transferId: string, options: { email?: string; emailVerified?: boolean } = {}) =>
  call<TransferBody>('POST', `/me/transfers/${transferId}/accept`, { ...fan(to), ...options });
const myTickets = async (userId: string) =>
  (await call<{ tickets: TicketBody[] }>('GET', '/me/tickets', { as: userId })).body.tickets;

const scan = (code: string) =>
  scanTicket(app.booking.db, keys, 'steward-1', {
    code,
    gateId: 'north',
    deviceId: 'device-1',
    nonce: `n-${++nonce}`,
    eventId: sale.event.id,
  });

async function sync(state: GateListState): Promise<void> {
  const signed = await readGateList(app.booking.db, ticketSigningKey(app.config), sale.event.id, state.cursor);
  const verified = verifyGateList(signed, keys);
  if (!verified.ok) throw new Error(`the gate list does not verify: ${verified.reason}`);
  expect(applyGateList(state, verified.payload)).toBe(true);
}

function offlineScan(state: GateListState, code: string) {
  const verified = verifyTicketCode(code, keys);
  const claims = verified.ok ? verified.claims : null;
  return offlineVerdict(sale.event.id, claims, claims ? state.tickets.get(claims.ticketId) : undefined);
}

describe('face-value transfers', () => {
  test('the receiver accepts: the ticket is theirs with a new code; the old one is refused online and offline', async () => {
    const { ticketId } = await ticketOf('sender-1');
    const oldCode = testTicketCode({ ticketId, eventId: sale.event.id, version: 1 });
    const device: GateListState = emptyGateListState(sale.event.id);
    await sync(device);
    expect(offlineScan(device, oldCode).result).toBe('valid');

    const offered = await offer('sender-1', ticketId, 'Receiver-1@Example.TEST');
    expect(offered.status).toBe(201);
    expect(offered.body).toMatchObject({ ticketId, status: 'pending', toEmail: 'receiver-1@example.test' });

    const invitations = (await readOutbox(app.em(), 'ticket.transfer_offered')).filter(
      (m) => m.data.ticketId === ticketId,
    );
    expect(invitations.map((m) => m.data)).toEqual([
      expect.objectContaining({ transferId: offered.body.transferId, toEmail: 'receiver-1@example.test' }),
    ]);

    const outgoing = await call<{ incoming: TransferBody[]; outgoing: TransferBody[] }>('GET', '/me/transfers', {
      ...fan('sender-1'),
    });
    expect(outgoing.body.outgoing.map((t) => t.transferId)).toEqual([offered.body.transferId]);
    const incoming = await call<{ incoming: TransferBody[]; outgoing: TransferBody[] }>('GET', '/me/transfers', {
      ...fan('receiver-1'),
    });
    expect(incoming.status).toBe(200);
    expect(incoming.body.incoming.map((t) => t.transferId)).toEqual([offered.body.transferId]);
    expect(incoming.body.outgoing).toEqual([]);

    const accepted = await accept('receiver-1', offered.body.transferId);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');

    expect((await myTickets('sender-1')).map((t) => t.ticketId)).not.toContain(ticketId);
    const [received] = await myTickets('receiver-1');
    expect(received).toMatchObject({ ticketId, version: 2, status: 'valid' });
    expect(verifyTicketCode(received?.code ?? '', keys)).toMatchObject({ ok: true, claims: { ticketId, version: 2 } });

    expect(await scan(oldCode)).toMatchObject({ result: 'reissued' });
    await sync(device);
    expect(offlineScan(device, oldCode).result).toBe('reissued');
    expect(offlineScan(device, received?.code ?? '').result).toBe('valid');
    expect(await scan(received?.code ?? '')).toMatchObject({ result: 'valid' });

    const reissued = (await readOutbox(app.em(), 'ticket.reissued')).filter((m) => m.data.ticketId === ticketId);
    expect(reissued.map((m) => m.data)).toEqual([
      expect.objectContaining({ version: 2, userId: 'receiver-1', email: 'receiver-1@example.test' }),
    ]);
    const transferred = (await readOutbox(app.em(), 'ticket.transferred')).filter((m) => m.data.ticketId === ticketId);
    expect(transferred.map((m) => m.data)).toEqual([
      expect.objectContaining({
        transferId: offered.body.transferId,
        fromEmail: 'sender-1@example.test',
        toEmail: 'receiver-1@example.test',
        version: 2,
        previousVersion: 1,
      }),
    ]);
    const audit = await readAudit(app.em(), 'ticket', ticketId);
    expect(audit.map((a) => [a.actor_id, a.action])).toEqual([
      ['sender-1', 'ticket.transfer_offered'],
      ['receiver-1', 'ticket.reissued'],
      ['receiver-1', 'ticket.transferred'],
    ]);
  });

  test('of many concurrent accepts, exactly one hands the ticket over', async () => {
    const { ticketId } = await ticketOf('sender-race');
    const offered = await offer('sender-race', ticketId, 'receiver-race@example.test');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => accept('receiver-race', offered.body.transferId)),
    );
    const statuses = answers.map((a) => `${a.status}:${a.status === 200 ? 'ok' : String(a.body.code)}`).sort();
    expect(statuses).toEqual(['200:ok', ...Array.from({ length: 7 }, () => '409:transfer_not_pending')]);
    const [received] = await myTickets('receiver-race');
    expect(received).toMatchObject({ ticketId, version: 2 });
    expect((await readOutbox(app.em(), 'ticket.transferred')).filter((m) => m.data.ticketId === ticketId)).toHaveLength(
      1,
    );
  });

  test('the sender can cancel a pending transfer, after which it cannot be accepted', async () => {
    const { ticketId } = await ticketOf('sender-cancel');
    const offered = await offer('sender-cancel', ticketId, 'receiver-cancel@example.test');
    const stranger = await call('POST', `/me/transfers/${offered.body.transferId}/cancel`, fan('receiver-cancel'));
    expect([stranger.status, stranger.body.code]).toEqual([404, 'transfer_not_found']);
    const cancelled = await call<TransferBody>('POST', `/me/transfers/${offered.body.transferId}/cancel`, {
      ...fan('sender-cancel'),
    });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    const late = await accept('receiver-cancel', offered.body.transferId);
    expect([late.status, late.body.code]).toEqual([409, 'transfer_not_pending']);
    const again = await call('POST', `/me/transfers/${offered.body.transferId}/cancel`, fan('sender-cancel'));
    expect([again.status, again.body.code]).toEqual([409, 'transfer_not_pending']);
    expect(await myTickets('sender-cancel')).toEqual([expect.objectContaining({ ticketId, version: 1 })]);
    // A cancelled transfer leaves room for a new one.
    expect((await offer('sender-cancel', ticketId, 'receiver-cancel@example.test')).status).toBe(201);
  });

  test('refusals: not yours, revoked, already scanned, to yourself, one pending at a time', async () => {
    const { ticketId } = await ticketOf('sender-refused');
    const notYours = await offer('someone-else', ticketId, 'x@example.test');
    expect([notYours.status, notYours.body.code]).toEqual([404, 'ticket_not_found']);
    const self = await offer('sender-refused', ticketId, 'SENDER-REFUSED@example.test');
    expect([self.status, self.body.code]).toEqual([400, 'transfer_to_self']);
    const badEmail = await offer('sender-refused', ticketId, 'not-an-email');
    expect([badEmail.status, badEmail.body.code]).toEqual([400, 'validation_failed']);

    const first = await offer('sender-refused', ticketId, 'a@example.test');
    expect(first.status).toBe(201);
    const second = await offer('sender-refused', ticketId, 'b@example.test');
    expect([second.status, second.body.code]).toEqual([409, 'transfer_pending']);

    const wrongAddress = await accept('b-fan', first.body.transferId, { email: 'b@example.test' });
    expect([wrongAddress.status, wrongAddress.body.code]).toEqual([404, 'transfer_not_found']);
    const unverified = await accept('a-fan', first.body.transferId, { email: 'a@example.test', emailVerified: false });
    expect([unverified.status, unverified.body.code]).toEqual([403, 'email_not_verified']);
    const unlisted = await call<{ incoming: TransferBody[] }>('GET', '/me/transfers', {
      as: 'a-fan',
      email: 'a@example.test',
      emailVerified: false,
    });
    expect(unlisted.body.incoming).toEqual([]);

    const revoked = await ticketOf('sender-revoked');
    await refundOrder(app.booking.db, {
      orderId: revoked.orderId,
      returnSeats: false,
      actorId: 'admin-1',
      reason: 'x',
    });
    const revokedOffer = await offer('sender-revoked', revoked.ticketId, 'c@example.test');
    expect([revokedOffer.status, revokedOffer.body.code]).toEqual([409, 'ticket_revoked']);

    const used = await ticketOf('sender-used');
    expect(await scan(testTicketCode({ ticketId: used.ticketId, eventId: sale.event.id, version: 1 }))).toMatchObject({
      result: 'valid',
    });
    const usedOffer = await offer('sender-used', used.ticketId, 'd@example.test');
    expect([usedOffer.status, usedOffer.body.code]).toEqual([409, 'ticket_already_used']);

    // A ticket refunded while its transfer waits cannot be accepted.
    const refundedLater = await ticketOf('sender-refund-later');
    const pending = await offer('sender-refund-later', refundedLater.ticketId, 'e@example.test');
    await refundOrder(app.booking.db, {
      orderId: refundedLater.orderId,
      returnSeats: true,
      actorId: 'admin-1',
      reason: 'x',
    });
    const afterRefund = await accept('e-fan', pending.body.transferId, { email: 'e@example.test' });
    expect([afterRefund.status, afterRefund.body.code]).toEqual([409, 'ticket_revoked']);
  });

  test('organizers switch transfers off and set a deadline', async () => {
    const other = await createSale(app.em(), { seats: 2 });
    const organizer = { id: other.event.organizerId, isAdmin: false };
    const { ticketId } = await ticketOf('sender-rules', other);
    const pending = await offer('sender-rules', ticketId, 'f@example.test');
    expect(pending.status).toBe(201);

    await setTransferRules(app.booking.db, organizer, other.event.id, { enabled: false, deadline: null });
    const off = await accept('f-fan', pending.body.transferId, { email: 'f@example.test' });
    expect([off.status, off.body.code]).toEqual([403, 'transfers_disabled']);

    const past = new Date(Date.now() - 60_000).toISOString();
    await setTransferRules(app.booking.db, organizer, other.event.id, { enabled: true, deadline: past });
    const late = await accept('f-fan', pending.body.transferId, { email: 'f@example.test' });
    expect([late.status, late.body.code]).toEqual([409, 'transfer_deadline_passed']);
    await call('POST', `/me/transfers/${pending.body.transferId}/cancel`, fan('sender-rules'));
    const lateOffer = await offer('sender-rules', ticketId, 'f@example.test');
    expect([lateOffer.status, lateOffer.body.code]).toEqual([409, 'transfer_deadline_passed']);

    const afterStart = new Date(other.event.startsAt.getTime() + 60_000).toISOString();
    await expect(
      setTransferRules(app.booking.db, organizer, other.event.id, { enabled: true, deadline: afterStart }),
    ).rejects.toMatchObject({ code: 'transfer_deadline_after_start' });
    await expect(
      setTransferRules(app.booking.db, { id: 'organizer-2', isAdmin: false }, other.event.id, {
        enabled: true,
        deadline: null,
      }),
    ).rejects.toMatchObject({ code: 'event_not_found' });
    expect((await readAudit(app.em(), 'event', other.event.id)).map((a) => a.action)).toEqual([
      'event.transfer_rules_changed',
      'event.transfer_rules_changed',
    ]);
  });

  test("a received ticket counts toward the receiver's per-fan limit, and a bought one stays on the buyer's", async () => {
    // The drop allows 4 seats per fan: the receiver already has 4.
    for (let i = 0; i < 4; i += 1) await ticketOf('receiver-full');
    const { ticketId } = await ticketOf('sender-limit');
    const offered = await offer('sender-limit', ticketId, 'receiver-full@example.test');
    const full = await accept('receiver-full', offered.body.transferId);
    expect([full.status, full.body.code]).toEqual([409, 'per_user_limit_exceeded']);
    expect(await myTickets('sender-limit')).toHaveLength(1);

    // Three bought, one received: the fourth seat is taken, so a hold of one more is refused.
    for (let i = 0; i < 3; i += 1) await ticketOf('receiver-three');
    const gift = await ticketOf('sender-gift');
    const giftOffer = await offer('sender-gift', gift.ticketId, 'receiver-three@example.test');
    expect((await accept('receiver-three', giftOffer.body.transferId)).status).toBe(200);
    const admission = await app.identity.admissionToken({
      sub: 'receiver-three',
      drop: sale.drop.id,
      event: sale.event.id,
    });
    const hold = await call('POST', '/holds', {
      as: 'receiver-three',
      body: { eventId: sale.event.id, seatIds: sale.seatIds.slice(seatCursor, seatCursor + 1) },
      headers: { 'admission-token': admission },
    });
    expect([hold.status, hold.body.code]).toEqual([409, 'per_user_limit_exceeded']);
  });
});
