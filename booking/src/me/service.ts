import type { Database } from '../db/database.ts';
import { notFound, type TicketSigningKey } from '@ticketing/common';
import { uuidKeysetCursor } from '../db/keyset-cursor.ts';
import { devConfirmPath } from '../payments/dev-gateway.ts';
import { ticketCode } from '../tickets/signing.ts';
import { findOrderOf, listOrdersOf, listTicketsOf, type OrderListRow, type TicketListRow } from './repo.ts';
import type { OrderView, TicketView } from './schema.ts';

/** A fan's own orders and tickets; another fan's order answers exactly as a missing one. */

export async function listMyOrders(
  db: Database,
  userId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ orders: OrderView[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const rows = await db.read((sql) => listOrdersOf(sql, userId, { limit: page.limit + 1, after }));
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    orders: shown.map(presentOrder),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null,
  };
}

export async function getMyOrder(
  db: Database,
  key: TicketSigningKey,
  userId: string,
  orderId: string,
): Promise<OrderView & { tickets: TicketView[] }> {
  const { row, tickets } = await db.read(async (sql) => ({
    row: await findOrderOf(sql, userId, orderId),
    tickets: await listTicketsOf(sql, userId, { orderId }),
  }));
  if (!row) throw notFound('order_not_found', 'No such order');
  return { ...presentOrder(row), tickets: tickets.map((t) => presentTicket(key, t)) };
}

export async function listMyTickets(
  db: Database,
  key: TicketSigningKey,
  userId: string,
  filter: { eventId?: string | undefined },
): Promise<{ tickets: TicketView[] }> {
  const rows = await db.read((sql) => listTicketsOf(sql, userId, filter.eventId ? { eventId: filter.eventId } : {}));
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
  return uuidKeysetCursor.encode({ at: row.cursor_at, id: row.id });
}

function decodeCursor(cursor: string | undefined): { at: string; id: string } | null {
  return uuidKeysetCursor.decode(cursor);
}
