import type { Actor } from '../actor.ts';
import { isoText, type Sql } from '../db/sql.ts';
import type { KeysetPosition } from '../db/keyset-cursor.ts';
import type { OrderSearch } from './schema.ts';

/** SQL of the admin's order search and order page. Rows outside what the actor may manage are never read. */

export interface OrderHeadRow {
  id: string;
  status: string;
  user_id: string;
  user_email: string | null;
  user_name: string | null;
  event_id: string;
  event_name: string;
  event_starts_at: string;
  event_timezone: string;
  drop_id: string;
  hold_id: string;
  total_cents: number;
  refunded_cents: number;
  currency: string;
  created_at: string;
  paid_at: string | null;
  cursor_at: string;
  tickets_total: number;
  tickets_valid: number;
}

const headSelect = `
SELECT o.id, o.status, o.user_id, o.user_email, o.user_name, o.event_id, e.name AS event_name,
       ${isoText('e.starts_at')} AS event_starts_at, v.timezone AS event_timezone, o.drop_id, o.hold_id,
       o.total_cents, o.refunded_cents, o.currency, ${isoText('o.created_at')} AS created_at,
       ${isoText('o.paid_at')} AS paid_at, o.created_at::text AS cursor_at,
       (SELECT count(*)::int FROM tickets t WHERE t.order_id = o.id) AS tickets_total,
       (SELECT count(*)::int FROM tickets t WHERE t.order_id = o.id AND t.status = 'valid') AS tickets_valid
  FROM orders o JOIN events e ON e.id = o.event_id JOIN venues v ON v.id = e.venue_id`;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `%` and `_` in what an admin typed are letters, not wildcards. */
const likeContaining = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Newest first, keyset-paginated on (created_at, id); each filter is added only when asked for. */
export async function searchOrders(
  sql: Sql,
  actor: Actor,
  search: Omit<OrderSearch, 'cursor'> & { after: KeysetPosition | null; limit: number },
): Promise<OrderHeadRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, ...values: unknown[]) => {
    where.push(condition);
    params.push(...values);
  };
  if (!actor.isAdmin) add('e.organizer_id = ?', actor.id);
  const q = search.q;
  if (q !== undefined) {
    if (uuidPattern.test(q)) {
      const id = q.toLowerCase();
      add('(o.id = ?::uuid OR o.id = (SELECT t.order_id FROM tickets t WHERE t.id = ?::uuid))', id, id);
    } else if (q.includes('@')) {
      add('lower(o.user_email) = lower(?)', q);
    } else {
      add(`lower(o.user_name) LIKE ? ESCAPE '\\'`, likeContaining(q));
    }
  }
  if (search.eventId) add('o.event_id = ?', search.eventId);
  if (search.status) add('o.status = ?', search.status);
  if (search.after) add('(o.created_at, o.id) < (?::timestamptz, ?::uuid)', search.after.at, search.after.id);
  params.push(search.limit);
  return sql.query<OrderHeadRow>(
    `${headSelect} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY o.created_at DESC, o.id DESC LIMIT ?`,
    params,
  );
}

export async function findOrderHead(sql: Sql, actor: Actor, orderId: string): Promise<OrderHeadRow | undefined> {
  const rows = await sql.query<OrderHeadRow>(`${headSelect} WHERE o.id = ? AND (? OR e.organizer_id = ?)`, [
    orderId,
    actor.isAdmin,
    actor.id,
  ]);
  return rows[0];
}

export interface OrderPaymentRow {
  id: string;
  provider: string;
  provider_ref: string | null;
  status: string;
  amount_cents: number;
  refunded_cents: number;
}

export async function findOrderPayment(sql: Sql, orderId: string): Promise<OrderPaymentRow | undefined> {
  const rows = await sql.query<OrderPaymentRow>(
    `SELECT id, provider, provider_ref, status, amount_cents, refunded_cents FROM payments WHERE order_id = ?`,
    [orderId],
  );
  return rows[0];
}

export interface OrderTicketRow {
  id: string;
  seat_id: string;
  section: string;
  row_label: string;
  seat_label: string;
  price_cents: number;
  version: number;
  status: 'valid' | 'revoked';
  issued_at: string;
  revoked_at: string | null;
  used_at: string | null;
  used_gate: string | null;
}

export async function ticketsOfOrderWithSeats(sql: Sql, orderId: string): Promise<OrderTicketRow[]> {
  return sql.query<OrderTicketRow>(
    `SELECT t.id, t.seat_id, sec.name AS section, s.row_label, s.seat_label, coalesce(oi.price_cents, 0) AS price_cents,
            t.version, t.status, ${isoText('t.issued_at')} AS issued_at, ${isoText('t.revoked_at')} AS revoked_at,
            ${isoText('t.used_at')} AS used_at, t.used_gate
       FROM tickets t
       JOIN seats s ON s.id = t.seat_id
       JOIN sections sec ON sec.id = s.section_id
       LEFT JOIN order_items oi ON oi.order_id = t.order_id AND oi.seat_id = t.seat_id
      WHERE t.order_id = ?
      ORDER BY sec.sort_order, sec.name, s.row_label, s.seat_label, t.issued_at`,
    [orderId],
  );
}

/** Whether the actor may manage the event of a ticket; undefined when there is no such ticket. */
export async function ticketManagedBy(sql: Sql, actor: Actor, ticketId: string): Promise<boolean | undefined> {
  const rows = await sql.query<{ organizer_id: string }>(
    `SELECT e.organizer_id FROM tickets t JOIN events e ON e.id = t.event_id WHERE t.id = ?`,
    [ticketId],
  );
  const row = rows[0];
  return row && (actor.isAdmin || row.organizer_id === actor.id);
}
