import type { CaughtMail } from '@ticketing/notifier/testing';
import { checkInvariants, type Evidence } from './invariants.ts';

/*
 * The checker itself, on evidence written by hand: a sound sale passes every
 * check, and each kind of damage fails exactly the check that names it.
 */

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const [seatA, seatB, seatC] = [id(1), id(2), id(3)];

function mailFor(ticketIds: string[], messageId: string): CaughtMail {
  return {
    id: `${messageId}-${Math.random()}`,
    receivedAt: new Date().toISOString(),
    envelopeFrom: 'tickets@example.test',
    envelopeTo: ['fan@example.test'],
    messageId,
    from: 'tickets@example.test',
    to: 'fan@example.test',
    subject: 'Your tickets',
    html: null,
    text: null,
    attachments: ticketIds.map((ticketId) => ({
      filename: 'qr.png',
      contentType: 'image/png',
      size: 1,
      cid: `ticket-${ticketId}-1`,
      inline: true,
      content: Buffer.alloc(1),
    })),
    raw: Buffer.alloc(0),
  };
}

/** Fan 1 bought seats A and B; fan 2's hold of C lapsed before paying, and the authorization was cancelled. */
function soundSale(): Evidence {
  return {
    fans: [
      {
        username: 'loadtest-00001',
        outcome: 'bought',
        orders: [{ orderId: 'o1', paymentId: 'p1', answer: 'paid' }],
        unknownReplies: 0,
        serverErrors: 0,
        failures: [],
        trail: [],
      },
      {
        username: 'loadtest-00002',
        outcome: 'not_charged',
        orders: [{ orderId: 'o2', paymentId: 'p2', answer: 'not_charged' }],
        unknownReplies: 0,
        serverErrors: 0,
        failures: [],
        trail: [],
      },
    ],
    audit: {
      orders: [
        {
          orderId: 'o1',
          userId: 'u1',
          status: 'paid',
          paymentId: 'p1',
          providerRef: 'dev_p1',
          paymentStatus: 'captured',
          seatIds: [seatA, seatB],
        },
        {
          orderId: 'o2',
          userId: 'u2',
          status: 'expired_not_charged',
          paymentId: 'p2',
          providerRef: 'dev_p2',
          paymentStatus: 'cancelled',
          seatIds: [seatC],
        },
      ],
      tickets: [
        { ticketId: id(11), orderId: 'o1', seatId: seatA, userId: 'u1', status: 'valid' },
        { ticketId: id(12), orderId: 'o1', seatId: seatB, userId: 'u1', status: 'valid' },
      ],
      seats: [
        { seatId: seatA, status: 'sold' },
        { seatId: seatB, status: 'sold' },
        { seatId: seatC, status: 'available' },
      ],
      unpublished: 0,
      activeHolds: 0,
    },
    holds: { activeHolds: 0, heldSeats: 0, doublyHeld: 0, partial: 0 },
    ledger: [
      { call: 'capture', providerRef: 'dev_p1', idempotencyKey: 'capture:o1', amountCents: 100 },
      { call: 'cancel', providerRef: 'dev_p2', idempotencyKey: 'cancel:o2' },
    ],
    mails: [mailFor([id(11), id(12)], '<m1@x>'), mailFor([id(11), id(12)], '<m1@x>')],
    catalog: { [seatA]: 'sold', [seatB]: 'sold' },
    admissions: ['u1', 'u2'],
    parked: { notifier: 0, payments: 0 },
  };
}

const failing = (evidence: Evidence) =>
  checkInvariants(evidence)
    .filter((check) => !check.ok)
    .map((check) => check.invariant);

test('a sound sale passes every check', () => {
  const checks = checkInvariants(soundSale());
  expect(checks.filter((check) => !check.ok)).toEqual([]);
  expect(checks).toHaveLength(11);
});

test.each<[string, (evidence: Evidence) => void, string[]]>([
  [
    'a paid answer for an order left unpaid',
    (e) => {
      e.fans[1]!.orders[0]!.answer = 'paid';
    },
    ['every order answered as paid has its tickets'],
  ],
  [
    'a paid order missing a ticket',
    (e) => {
      e.audit.tickets[1]!.status = 'revoked';
      e.audit.seats[1]!.status = 'available';
      e.catalog = { [seatA]: 'sold' };
    },
    [
      'every order answered as paid has its tickets',
      'every paid order has one valid ticket per seat',
      'every fan charged has a ticket',
    ],
  ],
  [
    'a seat ticketed twice',
    (e) => {
      e.audit.tickets.push({ ticketId: id(13), orderId: 'o2', seatId: seatA, userId: 'u2', status: 'valid' });
    },
    ['no seat has two valid tickets'],
  ],
  [
    'a seat in two live holds',
    (e) => {
      e.holds.doublyHeld = 1;
    },
    ['no seat is in two live holds, no hold partial'],
  ],
  [
    'an outbox row left unpublished',
    (e) => {
      e.audit.unpublished = 1;
    },
    ['the outbox is drained'],
  ],
  [
    'a paid order never mailed',
    (e) => {
      e.mails = [];
    },
    ['every paid order has its one email'],
  ],
  [
    'a paid order mailed twice as different messages',
    (e) => {
      e.mails = [mailFor([id(11), id(12)], '<m1@x>'), mailFor([id(11), id(12)], '<m2@x>')];
    },
    ['every paid order has its one email'],
  ],
  [
    'a paid order never captured',
    (e) => {
      e.ledger = e.ledger.filter((entry) => entry.call !== 'capture');
    },
    ['every fan charged has a ticket'],
  ],
  [
    'an unsold order captured',
    (e) => {
      e.ledger.push({ call: 'capture', providerRef: 'dev_p2', idempotencyKey: 'capture:o2', amountCents: 100 });
    },
    ['every fan charged has a ticket', 'every fan not sold a seat was not charged'],
  ],
  [
    'a lapsed authorization never cancelled',
    (e) => {
      e.ledger = e.ledger.filter((entry) => entry.call !== 'cancel');
    },
    ['every fan not sold a seat was not charged'],
  ],
  [
    'the catalog showing a sold seat as free',
    (e) => {
      e.catalog = { [seatA]: 'sold' };
    },
    ['the catalog equals PostgreSQL'],
  ],
  [
    'the catalog unreachable',
    (e) => {
      e.catalog = { unavailable: 'answered 503' };
    },
    ['the catalog equals PostgreSQL'],
  ],
  [
    'a mail parked',
    (e) => {
      e.parked.notifier = 1;
    },
    ['no message is parked'],
  ],
  [
    'a parked queue that cannot be read',
    (e) => {
      e.parked.payments = Number.NaN;
    },
    ['no message is parked'],
  ],
  [
    'a fan admitted twice',
    (e) => {
      e.admissions.push('u1');
    },
    ['the waiting room admitted nobody twice'],
  ],
])('%s fails exactly its check', (_what, damage, expected) => {
  const evidence = soundSale();
  damage(evidence);
  expect(failing(evidence)).toEqual(expected);
});
