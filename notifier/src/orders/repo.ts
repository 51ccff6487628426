import type pg from 'pg';

/** What a mail says about an event. */
export interface EventFacts {
  id: string;
  name: string;
  startsAt: Date;
  venueName: string;
  city: string;
  address: string;
  timezone: string;
}

export interface SeatFacts {
  seatId: string;
  sectionName: string;
  sectionKind: 'reserved' | 'general';
  rowLabel: string;
  seatLabel: string;
  priceCents: number;
}

export interface OrderFacts {
  orderId: string;
  email: string | null;
  name: string | null;
  totalCents: number;
  refundedCents: number;
  currency: string;
  event: EventFacts;
  seats: SeatFacts[];
}

const eventColumns = `e.id AS event_id, e.name AS event_name, e.starts_at, v.name AS venue_name, v.city, v.address, v.timezone`;

interface EventRow {
  event_id: string;
  event_name: string;
  starts_at: Date;
  venue_name: string;
  city: string;
  address: string;
  timezone: string;
}

function eventOf(row: EventRow): EventFacts {
  return {
    id: row.event_id,
    name: row.event_name,
    startsAt: row.starts_at,
    venueName: row.venue_name,
    city: row.city,
    address: row.address,
    timezone: row.timezone,
  };
}

/** Read-only: the order as the fan bought it, with its event and each seat's place and price. */
export async function readOrder(pool: pg.Pool, orderId: string): Promise<OrderFacts | undefined> {
  const { rows } = await pool.query<
    EventRow & {
      id: string;
      user_email: string | null;
      user_name: string | null;
      total_cents: number;
      refunded_cents: number;
      currency: string;
    }
  >(
    `SELECT o.id, o.user_email, o.user_name, o.total_cents, o.refunded_cents, o.currency, ${eventColumns}
       FROM orders o JOIN events e ON e.id = o.event_id JOIN venues v ON v.id = e.venue_id
      WHERE o.id = $1`,
    [orderId],
  );
  const order = rows[0];
  if (!order) return undefined;
  const seats = await pool.query<{
    seat_id: string;
    section_name: string;
    kind: 'reserved' | 'general';
    row_label: string;
    seat_label: string;
    price_cents: number;
  }>(
    `SELECT i.seat_id, c.name AS section_name, c.kind, s.row_label, s.seat_label, i.price_cents
       FROM order_items i JOIN seats s ON s.id = i.seat_id JOIN sections c ON c.id = s.section_id
      WHERE i.order_id = $1
      ORDER BY c.sort_order, c.name, length(s.row_label), s.row_label, length(s.seat_label), s.seat_label`,
    [orderId],
  );
  return {
    orderId: order.id,
    email: order.user_email,
    name: order.user_name,
    totalCents: order.total_cents,
    refundedCents: order.refunded_cents,
    currency: order.currency.trim(),
    event: eventOf(order),
    seats: seats.rows.map((s) => ({
      seatId: s.seat_id,
      sectionName: s.section_name,
      sectionKind: s.kind,
      rowLabel: s.row_label,
      seatLabel: s.seat_label,
      priceCents: s.price_cents,
    })),
  };
}

export async function readEvent(pool: pg.Pool, eventId: string): Promise<EventFacts | undefined> {
  const { rows } = await pool.query<EventRow>(
    `SELECT ${eventColumns} FROM events e JOIN venues v ON v.id = e.venue_id WHERE e.id = $1`,
    [eventId],
  );
  return rows[0] ? eventOf(rows[0]) : undefined;
}
