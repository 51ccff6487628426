import type { Sql } from '../db/sql.ts';
import { isoText } from '../db/sql.ts';

/** Read models of the fan's own orders and tickets. */

export interface OrderListRow {
  id: string;
  status: string;
  event_id: string;
  event_name: string;
  event_starts_at: string;
  venue_name: string;
  venue_city: string;
  total_cents: number;
  refunded_cents: number;
  currency: string;
  created_at: string;
  paid_at: string | null;
  expires_at: string;
  /** Full-precision creation time, for the page cursor. */
  cursor_at: string;
  items: Array<{ seatId: string; section: string; row: string; seat: string; priceCents: number }>;
  payment_id: string | null;
  provider: 'stripe' | 'dev' | null;
  payment_status: string | null;
  client_secret: string | null;
}

export interface TicketListRow {
  id: string;
  order_id: string;
  event_id: string;
  event_name: string;
  event_starts_at: string;
  venue_name: string;
  venue_city: string;
  seat_id: string;
  section_name: string;
  row_label: string;
  seat_label: string;
  version: number;
  status: 'valid' | 'revoked';
  issued_at: string;
  used_at: string | null;
}

const orderSelect = `
SELECT o.id, o.status, o.event_id, e.name AS event_name, ${isoText('e.starts_at')} AS event_starts_at,
       v.name AS venue_name, v.city AS venue_city, o.total_cents, o.refunded_cents, o.currency,
       ${isoText('o.created_at')} AS created_at, ${isoText('o.paid_at')} AS paid_at,
       ${isoText('h.expires_at')} AS expires_at, o.created_at::text AS cursor_at,
       (SELECT coalesce(json_agg(json_build_object(
                 'seatId', s.id, 'section', sec.name, 'row', s.row_label, 'seat', s.seat_label, 'priceCents', oi.price_cents)
                 ORDER BY sec.sort_order, sec.name, s.row_label, s.seat_label), '[]'::json)
          FROM order_items oi JOIN seats s ON s.id = oi.seat_id JOIN sections sec ON sec.id = s.section_id
         WHERE oi.order_id = o.id) AS items,
       p.id AS payment_id, p.provider, p.status AS payment_status, p.client_secret
  FROM orders o
  JOIN events e ON e.id = o.event_id
  JOIN venues v ON v.id = e.venue_id
  JOIN holds h ON h.id = o.hold_id
  LEFT JOIN payments p ON p.order_id = o.id`;

/** Newest first, keyset-paginated on (created_at, id). */
export async function listOrdersOf(
  sql: Sql,
  userId: string,
  page: { limit: number; after: { at: string; id: string } | null },
): Promise<OrderListRow[]> {
  return sql.query<OrderListRow>(
    `${orderSelect}
     WHERE o.user_id = ? AND (?::timestamptz IS NULL OR (o.created_at, o.id) < (?::timestamptz, ?::uuid))
     ORDER BY o.created_at DESC, o.id DESC LIMIT ?`,
    [userId, page.after?.at ?? null, page.after?.at ?? null, page.after?.id ?? null, page.limit],
  );
}

export async function findOrderOf(sql: Sql, userId: string, orderId: string): Promise<OrderListRow | null> {
  const rows = await sql.query<OrderListRow>(`${orderSelect} WHERE o.id = ? AND o.user_id = ?`, [orderId, userId]);
  return rows[0] ?? null;
}

export async function listTicketsOf(
  sql: Sql,
  userId: string,
  filter: { orderId?: string; eventId?: string },
): Promise<TicketListRow[]> {
  return sql.query<TicketListRow>(
    `SELECT t.id, t.order_id, t.event_id, e.name AS event_name, ${isoText('e.starts_at')} AS event_starts_at,
            v.name AS venue_name, v.city AS venue_city, t.seat_id, sec.name AS section_name, s.row_label, s.seat_label,
            t.version, t.status, ${isoText('t.issued_at')} AS issued_at, ${isoText('t.used_at')} AS used_at
       FROM tickets t
       JOIN seats s ON s.id = t.seat_id
       JOIN sections sec ON sec.id = s.section_id
       JOIN events e ON e.id = t.event_id
       JOIN venues v ON v.id = e.venue_id
      WHERE t.user_id = ? AND (?::uuid IS NULL OR t.order_id = ?::uuid) AND (?::uuid IS NULL OR t.event_id = ?::uuid)
      ORDER BY e.starts_at, sec.sort_order, sec.name, s.row_label, s.seat_label, t.issued_at
      LIMIT 1000`,
    [userId, filter.orderId ?? null, filter.orderId ?? null, filter.eventId ?? null, filter.eventId ?? null],
  );
}
