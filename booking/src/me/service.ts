import type { EntityManager } from '@mikro-orm/postgresql';
import { invalid, notFound, type TicketSigningKey } from '@ticketing/common';
import { devConfirmPath } from '../payments/dev-gateway.ts';
import { ticketCode } from '../tickets/signing.ts';
import { findOrderOf, listOrdersOf, listTicketsOf, type OrderListRow, type TicketListRow } from './repo.ts';
import type { OrderView, TicketView } from './schema.ts';

/** A fan's own orders and tickets; another fan's order answers exactly as a missing one. */

export async function listMyOrders(
  em: EntityManager,
  userId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ orders: OrderView[]; nextCursor: string | null }> {
  const rows = await listOrdersOf(em, userId, { limit: page.limit + 1, after: decodeCursor(page.cursor) });
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    orders: shown.map(presentOrder),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null,
  };
}

export async function getMyOrder(
  em: EntityManager,
  key: TicketSigningKey,
  userId: string,
  orderId: string,
): Promise<OrderView & { tickets: TicketView[] }> {
  const row = await findOrderOf(em, userId, orderId);
  if (!row) throw notFound('order_not_found', 'No such order');
  const tickets = await listTicketsOf(em, userId, { orderId });
  return { ...presentOrder(row), tickets: tickets.map((t) => presentTicket(key, t)) };
}

export async function listMyTickets(
  em: EntityManager,
  key: TicketSigningKey,
  userId: string,
  filter: { eventId?: string | undefined },
): Promise<{ tickets: TicketView[] }> {
  const rows = await listTicketsOf(em, userId, filter.eventId ? { eventId: filter.eventId } : {});
  return { tickets: rows.map((t) => presentTicket(key, t)) };
}

function presentOrder(row: OrderListRow): OrderView {
  const pending = row.status === 'pending_payment';
  return {
    orderId: row.id,
    status: row.status as OrderView['status'],
    event: {
      eventId: row.event_id,
      name: row.event_name,
      startsAt: row.event_starts_at,
      venue: row.venue_name,
      city: row.venue_city,
    },
    totalCents: row.total_cents,
    refundedCents: row.refunded_cents,
    currency: row.currency.trim(),
    createdAt: row.created_at,
    paidAt: row.paid_at,
    expiresAt: row.expires_at,
    items: row.items,
    payment:
      row.payment_id && row.provider && row.payment_status
        ? {
            paymentId: row.payment_id,
            provider: row.provider,
            status: row.payment_status,
            ...(pending && row.client_secret ? { clientSecret: row.client_secret } : {}),
            ...(pending && row.provider === 'dev' ? { confirmUrl: devConfirmPath(row.payment_id) } : {}),
          }
        : null,
  };
}

function presentTicket(key: TicketSigningKey, row: TicketListRow): TicketView {
  return {
    ticketId: row.id,
    orderId: row.order_id,
    event: {
      eventId: row.event_id,
      name: row.event_name,
      startsAt: row.event_starts_at,
      venue: row.venue_name,
      city: row.venue_city,
    },
    seatId: row.seat_id,
    section: row.section_name,
    row: row.row_label,
    seat: row.seat_label,
    version: row.version,
    status: row.status,
    code: ticketCode(key, { id: row.id, event_id: row.event_id, version: row.version, status: row.status }),
    issuedAt: row.issued_at,
    usedAt: row.used_at,
  };
}

function encodeCursor(row: OrderListRow): string {
  return Buffer.from(JSON.stringify([row.cursor_at, row.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { at: string; id: string } | null {
  if (cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through: any unreadable cursor is the same client error
  }
  throw invalid('invalid_cursor', 'The page cursor is not one this API issued');
}
