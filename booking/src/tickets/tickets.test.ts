import type { EntityManager } from '@mikro-orm/postgresql';
import type { TicketVerificationKey } from '@ticketing/common';
import { parseBookingConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createBookingTestDatabase, type BookingTestDatabase } from '../testing/booking-database.ts';
import { createHold, createSale, readOutbox, readSeats, type SaleFixture } from '../testing/factories.ts';
import { bookingCounts, createPaidOrder, rowOf } from '../testing/orders.ts';
import { refundOrder } from './refund.ts';
import { reissueTicket } from './reissue.ts';
import { ticketCode, ticketSigningKey } from './signing.ts';
import { checkTicketCode } from './verify.ts';

let booking: BookingTestDatabase;
let database: Database;
let sale: SaleFixture;
let seatCursor = 0;
const em = (): EntityManager => booking.sql();
const nextSeats = (n: number) => sale.seatIds.slice(seatCursor, (seatCursor += n));
const key = ticketSigningKey(parseBookingConfig({ NODE_ENV: 'test' }));
const publicKeys: TicketVerificationKey[] = [{ keyId: key.keyId, publicKey: key.publicKey }];

beforeAll(async () => {
  booking = await createBookingTestDatabase('tickets');
  database = booking.db;
  sale = await createSale(em(), { seats: 30, priceCents: 4_000 });
});
afterAll(() => booking.close());

const paidOrder = (userId: string, seats: number) =>
  createPaidOrder(booking, sale.drop, { userId, seatIds: nextSeats(seats) });

async function ticketsOf(orderId: string) {
  return em().execute<Array<{ id: string; seat_id: string; status: string; version: number }>>(
    'SELECT id, seat_id, status, version FROM tickets WHERE order_id = ? ORDER BY seat_id',
    [orderId],
  );
}

describe('refundOrder', () => {
  test('a full refund revokes every ticket, returns the seats to sale and queues the money', async () => {
    const { orderId } = await paidOrder('fan-1', 2);
    const tickets = await ticketsOf(orderId);
    const seats = tickets.map((t) => t.seat_id);
    const before = await readSeats(em(), seats);
    const outboxBefore = (await readOutbox(em())).length;

    const result = await refundOrder(database, {
      orderId,
      returnSeats: true,
      actorId: 'admin-1',
      reason: 'event moved',
    });
    expect(result).toMatchObject({
      orderId,
      status: 'refunded',
      refundedCents: 8_000,
      totalRefundedCents: 8_000,
      seatsReturned: true,
    });
    expect(result.ticketIds.sort()).toEqual(tickets.map((t) => t.id).sort());
    expect((await ticketsOf(orderId)).map((t) => t.status)).toEqual(['revoked', 'revoked']);
    const after = await readSeats(em(), seats);
    expect(after.map((s) => [s.status, s.version])).toEqual(before.map((s) => ['available', s.version + 1]));
    expect(await rowOf(em(), 'orders', orderId)).toMatchObject({ status: 'refunded', refunded_cents: 8_000 });

    const messages = (await readOutbox(em())).slice(outboxBefore);
    expect(messages.map((m) => m.type)).toEqual(['order.refunded', 'seat.released', 'payment.refund_requested']);
    expect(messages[0]?.data).toMatchObject({ orderId, refundedCents: 8_000, seatsReturned: true });
    expect(messages[1]?.data.seats).toEqual(
      after.map((s) => ({ seatId: s.id, sectionId: sale.section.id, status: 'available', version: s.version })),
    );
    expect(messages[2]?.data).toMatchObject({ orderId, amountCents: 8_000, refundId: result.refundId });

    const audit = await em().execute<Array<{ actor_id: string; action: string; details: Record<string, unknown> }>>(
      `SELECT actor_id, action, details FROM audit_log WHERE subject_type = 'order' AND subject_id = ?`,
      [orderId],
    );
    expect(audit).toEqual([
      {
        actor_id: 'admin-1',
        action: 'order.refunded',
        details: expect.objectContaining({ amountCents: 8_000, reason: 'event moved', returnSeats: true }),
      },
    ]);
  });

  test('a partial refund that keeps seats off sale blocks them; a second one finishes the order', async () => {
    const { orderId } = await paidOrder('fan-2', 3);
    const tickets = await ticketsOf(orderId);
    const [first, ...rest] = tickets;
    if (!first) throw new Error('no tickets');

    const partial = await refundOrder(database, {
      orderId,
      ticketIds: [first.id],
      returnSeats: false,
      actorId: 'admin-1',
      reason: 'seat broken',
    });
    expect(partial).toMatchObject({ status: 'partially_refunded', refundedCents: 4_000, seatsReturned: false });
    expect((await readSeats(em(), [first.seat_id]))[0]?.status).toBe('blocked');
    expect((await readOutbox(em(), 'seat.blocked')).at(-1)?.data.seats).toEqual([
      expect.objectContaining({ seatId: first.seat_id, status: 'blocked' }),
    ]);
    expect((await ticketsOf(orderId)).map((t) => t.status)).toEqual(['revoked', 'valid', 'valid']);

    const again = await refundOrder(database, {
      orderId,
      ticketIds: [first.id],
      returnSeats: true,
      actorId: 'admin-1',
      reason: 'twice',
    }).catch((error: unknown) => error);
    expect(again).toMatchObject({ code: 'ticket_already_revoked', kind: 'conflict' });

    const rest2 = await refundOrder(database, { orderId, returnSeats: true, actorId: 'admin-2', reason: 'the rest' });
    expect(rest2).toMatchObject({ status: 'refunded', refundedCents: 8_000, totalRefundedCents: 12_000 });
    expect(rest2.ticketIds.sort()).toEqual(rest.map((t) => t.id).sort());
    expect(await rowOf(em(), 'payments', (await paymentIdOf(orderId)) ?? '')).toMatchObject({ refunded_cents: 12_000 });

    const finished = await refundOrder(database, { orderId, returnSeats: true, actorId: 'a', reason: 'r' }).catch(
      (error: unknown) => error,
    );
    expect(finished).toMatchObject({ code: 'order_not_refundable', kind: 'conflict' });
  });

  test('refusals change nothing', async () => {
    const { orderId } = await paidOrder('fan-3', 1);
    const other = await paidOrder('fan-4', 1);
    const [foreignTicket] = await ticketsOf(other.orderId);
    const counts = await bookingCounts(em());
    const attempts = [
      refundOrder(database, {
        orderId,
        ticketIds: [foreignTicket?.id ?? ''],
        returnSeats: true,
        actorId: 'a',
        reason: 'r',
      }),
      refundOrder(database, {
        orderId: '5f0c1b9e-0000-4000-8000-000000000000',
        returnSeats: true,
        actorId: 'a',
        reason: 'r',
      }),
    ];
    const errors = await Promise.all(attempts.map((p) => p.catch((error: unknown) => error)));
    expect(errors).toEqual([
      expect.objectContaining({ code: 'ticket_not_found', kind: 'not_found' }),
      expect.objectContaining({ code: 'order_not_found', kind: 'not_found' }),
    ]);

    // An order that was never paid has nothing to refund.
    const hold = await createHold(em(), sale.drop, { userId: 'fan-5', seatIds: nextSeats(1) });
    await em().execute(
      `INSERT INTO orders (id, user_id, event_id, drop_id, hold_id, idempotency_key, total_cents, currency)
       VALUES ('5f0c1b9e-0000-4000-8000-000000000001', 'fan-5', ?, ?, ?, 'k', 4000, 'EUR')`,
      [sale.event.id, sale.drop.id, hold.id],
    );
    const pending = await refundOrder(database, {
      orderId: '5f0c1b9e-0000-4000-8000-000000000001',
      returnSeats: true,
      actorId: 'a',
      reason: 'r',
    }).catch((error: unknown) => error);
    expect(pending).toMatchObject({ code: 'order_not_refundable' });
    expect(await bookingCounts(em())).toEqual({ ...counts, orders: counts.orders + 1 });
  });
});

describe('reissueTicket', () => {
  test('bumps the version: the old code stops verifying, the new one works; mailed and audited', async () => {
    const { orderId } = await paidOrder('fan-6', 1);
    const [ticket] = await ticketsOf(orderId);
    if (!ticket) throw new Error('no ticket');
    const row = await rowOf(em(), 'tickets', ticket.id);
    const oldCode = ticketCode(key, { id: ticket.id, event_id: row.event_id as string, version: 1, status: 'valid' });
    if (!oldCode) throw new Error('no code');
    expect(await database.read((sql) => checkTicketCode(sql, publicKeys, oldCode))).toMatchObject({ verdict: 'valid' });

    const reissued = await reissueTicket(database, { ticketId: ticket.id, actorId: 'admin-1', reason: 'leaked' });
    expect(reissued).toMatchObject({ ticketId: ticket.id, orderId, version: 2, previousVersion: 1 });
    expect(await database.read((sql) => checkTicketCode(sql, publicKeys, oldCode))).toMatchObject({
      verdict: 'superseded',
    });
    const newCode = ticketCode(key, { id: ticket.id, event_id: row.event_id as string, version: 2, status: 'valid' });
    expect(await database.read((sql) => checkTicketCode(sql, publicKeys, newCode ?? ''))).toMatchObject({
      verdict: 'valid',
    });
    expect(newCode).not.toBe(oldCode);

    expect((await readOutbox(em(), 'ticket.reissued')).at(-1)?.data).toMatchObject({
      ticketId: ticket.id,
      version: 2,
      previousVersion: 1,
      email: 'fan-6@example.test',
    });
    const audit = await em().execute<Array<{ action: string; actor_id: string }>>(
      `SELECT action, actor_id FROM audit_log WHERE subject_type = 'ticket' AND subject_id = ?`,
      [ticket.id],
    );
    expect(audit).toEqual([{ action: 'ticket.reissued', actor_id: 'admin-1' }]);
  });

  test('a revoked or unknown ticket cannot be reissued, and its code is refused', async () => {
    const { orderId } = await paidOrder('fan-7', 1);
    const [ticket] = await ticketsOf(orderId);
    if (!ticket) throw new Error('no ticket');
    const row = await rowOf(em(), 'tickets', ticket.id);
    const code = ticketCode(key, { id: ticket.id, event_id: row.event_id as string, version: 1, status: 'valid' });
    await refundOrder(database, { orderId, returnSeats: true, actorId: 'a', reason: 'r' });
    const counts = await bookingCounts(em());
    expect(await reissueTicket(database, { ticketId: ticket.id, actorId: 'a' }).catch((e: unknown) => e)).toMatchObject(
      {
        code: 'ticket_revoked',
      },
    );
    expect(
      await reissueTicket(database, { ticketId: '5f0c1b9e-0000-4000-8000-00000000000f', actorId: 'a' }).catch(
        (e: unknown) => e,
      ),
    ).toMatchObject({ code: 'ticket_not_found' });
    expect(await bookingCounts(em())).toEqual(counts);
    expect(await database.read((sql) => checkTicketCode(sql, publicKeys, code ?? ''))).toMatchObject({
      verdict: 'revoked',
    });
    expect(await database.read((sql) => checkTicketCode(sql, publicKeys, 'forged.code.here'))).toMatchObject({
      verdict: 'invalid',
    });
  });
});

async function paymentIdOf(orderId: string): Promise<string | undefined> {
  const [row] = await em().execute<Array<{ id: string }>>('SELECT id FROM payments WHERE order_id = ?', [orderId]);
  return row?.id;
}
