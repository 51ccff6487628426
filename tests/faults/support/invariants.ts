import type { DevLedgerEntry, HoldInvariants, SaleAudit } from '@ticketing/booking/testing';
import type { CaughtMail } from '@ticketing/notifier/testing';
import type { FanRecord } from './fans.ts';

/**
 * The checks after a run, each over what one witness says against another:
 * what fans were told, PostgreSQL, the payment gateway's ledger, the mails
 * the SMTP server received, the catalog's document and the waiting room's
 * admission log. Each returns whether it held and a line saying why.
 */
export interface Evidence {
  fans: FanRecord[];
  audit: SaleAudit;
  holds: HoldInvariants;
  ledger: DevLedgerEntry[];
  mails: readonly CaughtMail[];
  /** The catalog's document: seat id → status, seats absent being available. */
  catalog: Record<string, string> | { unavailable: string };
  /** The waiting room's admission events, in order: the user each admitted. */
  admissions: string[];
  /** Messages in each consumer's parked queue (NaN when it could not be read). */
  parked: Record<string, number>;
}

export interface Check {
  invariant: string;
  ok: boolean;
  detail: string;
}

const few = (items: readonly string[]) => (items.length > 3 ? `${items.slice(0, 3).join(', ')}, …` : items.join(', '));

export function checkInvariants(evidence: Evidence): Check[] {
  const { audit, ledger } = evidence;
  const ordersById = new Map(audit.orders.map((order) => [order.orderId, order]));
  const validTickets = audit.tickets.filter((ticket) => ticket.status === 'valid');
  const validByOrder = new Map<string, string[]>();
  for (const ticket of validTickets)
    validByOrder.set(ticket.orderId, [...(validByOrder.get(ticket.orderId) ?? []), ticket.seatId]);
  const ticketed = (orderId: string) => {
    const order = ordersById.get(orderId);
    const seats = [...(validByOrder.get(orderId) ?? [])].sort();
    return order !== undefined && order.seatIds.length > 0 && seats.join() === [...order.seatIds].sort().join();
  };
  const paidOrders = audit.orders.filter((order) => order.status === 'paid');
  const checks: Check[] = [];

  const answeredPaid = evidence.fans.flatMap((fan) => fan.orders.filter((order) => order.answer === 'paid'));
  const unticketed = answeredPaid.filter(
    (order) => ordersById.get(order.orderId)?.status !== 'paid' || !ticketed(order.orderId),
  );
  checks.push({
    invariant: 'every order answered as paid has its tickets',
    ok: unticketed.length === 0,
    detail:
      unticketed.length === 0
        ? `${answeredPaid.length} orders answered paid, each with one valid ticket per held seat`
        : `${unticketed.length} without them: ${few(unticketed.map((o) => o.orderId))}`,
  });

  const paidWithout = paidOrders.filter((order) => !ticketed(order.orderId));
  checks.push({
    invariant: 'every paid order has one valid ticket per seat',
    ok: paidWithout.length === 0,
    detail:
      paidWithout.length === 0
        ? `${paidOrders.length} paid orders, ${validTickets.length} valid tickets`
        : `${paidWithout.length} paid orders without them: ${few(paidWithout.map((o) => o.orderId))}`,
  });

  const perSeat = new Map<string, number>();
  for (const ticket of validTickets) perSeat.set(ticket.seatId, (perSeat.get(ticket.seatId) ?? 0) + 1);
  const twice = [...perSeat].filter(([, count]) => count > 1).map(([seat]) => seat);
  const soldSeats = new Set(audit.seats.filter((seat) => seat.status === 'sold').map((seat) => seat.seatId));
  const soldWithout = [...soldSeats].filter((seat) => !perSeat.has(seat));
  checks.push({
    invariant: 'no seat has two valid tickets',
    ok: twice.length === 0 && soldWithout.length === 0,
    detail:
      twice.length > 0
        ? `seats with two: ${few(twice)}`
        : soldWithout.length > 0
          ? `sold seats with no ticket: ${few(soldWithout)}`
          : `${perSeat.size} seats ticketed once, ${soldSeats.size} sold`,
  });

  checks.push({
    invariant: 'no seat is in two live holds, no hold partial',
    ok: evidence.holds.doublyHeld === 0 && evidence.holds.partial === 0,
    detail: `doubly held ${evidence.holds.doublyHeld}, partial ${evidence.holds.partial}, active ${evidence.holds.activeHolds}`,
  });

  checks.push({
    invariant: 'the outbox is drained',
    ok: audit.unpublished === 0,
    detail: `${audit.unpublished} unpublished rows`,
  });

  const mailsByTicket = new Map<string, CaughtMail[]>();
  for (const mail of evidence.mails) {
    for (const attachment of mail.attachments) {
      const ticketId = /^ticket-([0-9a-f-]{36})-/.exec(attachment.cid ?? '')?.[1];
      if (ticketId !== undefined) mailsByTicket.set(ticketId, [...(mailsByTicket.get(ticketId) ?? []), mail]);
    }
  }
  const unmailed: string[] = [];
  const twoMessages: string[] = [];
  let copies = 0;
  for (const order of paidOrders) {
    const tickets = validTickets.filter((ticket) => ticket.orderId === order.orderId);
    const mails = new Map<string, CaughtMail>();
    for (const ticket of tickets) for (const mail of mailsByTicket.get(ticket.ticketId) ?? []) mails.set(mail.id, mail);
    const ids = new Set([...mails.values()].map((mail) => mail.messageId ?? mail.id));
    if (mails.size === 0) unmailed.push(order.orderId);
    else if (ids.size > 1) twoMessages.push(order.orderId);
    copies += Math.max(0, mails.size - 1);
  }
  checks.push({
    invariant: 'every paid order has its one email',
    ok: unmailed.length === 0 && twoMessages.length === 0,
    detail:
      unmailed.length > 0
        ? `${unmailed.length} paid orders with no email: ${few(unmailed)}`
        : twoMessages.length > 0
          ? `${twoMessages.length} paid orders mailed as two different messages: ${few(twoMessages)}`
          : `${paidOrders.length} emails, ${copies} repeated copies (same Message-ID)`,
  });

  const byRef = new Map(audit.orders.filter((o) => o.providerRef !== null).map((o) => [o.providerRef as string, o]));
  const captures = ledger.filter((entry) => entry.call === 'capture');
  const refunds = new Set(ledger.filter((entry) => entry.call === 'refund').map((entry) => entry.providerRef));
  const capturedRefs = new Set(captures.map((entry) => entry.providerRef));
  const chargedWithout = captures
    .filter((entry) => !refunds.has(entry.providerRef))
    .filter((entry) => {
      const order = byRef.get(entry.providerRef);
      return order === undefined || order.status !== 'paid' || !ticketed(order.orderId);
    });
  const uncaptured = paidOrders.filter((order) => order.providerRef === null || !capturedRefs.has(order.providerRef));
  checks.push({
    invariant: 'every fan charged has a ticket',
    ok: chargedWithout.length === 0 && uncaptured.length === 0,
    detail:
      chargedWithout.length > 0
        ? `${chargedWithout.length} captures without tickets: ${few(chargedWithout.map((e) => e.providerRef))}`
        : uncaptured.length > 0
          ? `${uncaptured.length} paid orders never captured: ${few(uncaptured.map((o) => o.orderId))}`
          : `${captures.length} captures, each of a paid, ticketed order`,
  });

  const cancels = new Set(ledger.filter((entry) => entry.call === 'cancel').map((entry) => entry.providerRef));
  const unsold = audit.orders.filter((order) => order.status !== 'paid');
  const chargedUnsold = unsold.filter(
    (o) => o.providerRef !== null && capturedRefs.has(o.providerRef) && !refunds.has(o.providerRef),
  );
  // An authorization the sale could not honour must be given back, not left on the card.
  const leftAuthorized = unsold.filter(
    (o) => o.status === 'expired_not_charged' && (o.providerRef === null || !cancels.has(o.providerRef)),
  );
  const ticketedFans = new Set(validTickets.map((ticket) => ticket.userId));
  const fansWithout = new Set(audit.orders.filter((o) => !ticketedFans.has(o.userId)).map((o) => o.userId));
  checks.push({
    invariant: 'every fan not sold a seat was not charged',
    ok: chargedUnsold.length === 0 && leftAuthorized.length === 0,
    detail:
      chargedUnsold.length > 0
        ? `${chargedUnsold.length} unsold orders captured: ${few(chargedUnsold.map((o) => o.orderId))}`
        : leftAuthorized.length > 0
          ? `${leftAuthorized.length} lapsed orders whose authorization was never cancelled: ${few(leftAuthorized.map((o) => o.orderId))}`
          : `${fansWithout.size} fans with orders but no ticket; ${unsold.length} unsold orders, none captured, ` +
            `${cancels.size} authorizations cancelled`,
  });

  if ('unavailable' in evidence.catalog) {
    checks.push({ invariant: 'the catalog equals PostgreSQL', ok: false, detail: evidence.catalog.unavailable });
  } else {
    const shown = evidence.catalog;
    const differ = audit.seats.filter((seat) => (shown[seat.seatId] ?? 'available') !== seat.status);
    checks.push({
      invariant: 'the catalog equals PostgreSQL',
      ok: differ.length === 0,
      detail:
        differ.length === 0
          ? `${audit.seats.length} seats agree`
          : `${differ.length} differ: ${few(differ.map((s) => `${s.seatId} ${s.status}≠${shown[s.seatId] ?? 'available'}`))}`,
    });
  }

  const parked = Object.entries(evidence.parked).filter(([, n]) => n !== 0);
  checks.push({
    invariant: 'no message is parked',
    ok: parked.length === 0,
    detail:
      parked.length === 0
        ? `${Object.keys(evidence.parked).join(', ')}: none parked`
        : parked.map(([queue, n]) => `${queue}: ${Number.isNaN(n) ? 'unreadable' : `${n} parked`}`).join(', '),
  });

  const seen = new Map<string, number>();
  for (const user of evidence.admissions) seen.set(user, (seen.get(user) ?? 0) + 1);
  const again = [...seen].filter(([, count]) => count > 1).map(([user]) => user);
  checks.push({
    invariant: 'the waiting room admitted nobody twice',
    ok: again.length === 0,
    detail: again.length === 0 ? `${seen.size} fans admitted once each` : `admitted twice: ${few(again)}`,
  });
  return checks;
}
