import { z } from 'zod';
import { eventFactsColumns, eventFactsFields, eventFactsOf, type EventFacts } from './event-facts.ts';
import { charText, readRows, type Queryable } from './queryable.ts';

/* An order as the fan bought it, with its event and each seat's place and price: what its mails say. */

const orderRow = eventFactsFields.extend({
  id: z.string(),
  user_email: z.string().nullable(),
  user_name: z.string().nullable(),
  total_cents: z.number().int(),
  refunded_cents: z.number().int(),
  currency: charText,
});

const seatRow = z
  .object({
    seat_id: z.string(),
    section_name: z.string(),
    kind: z.enum(['reserved', 'general']),
    row_label: z.string(),
    seat_label: z.string(),
    price_cents: z.number().int(),
  })
  .transform((row) => ({
    seatId: row.seat_id,
    sectionName: row.section_name,
    sectionKind: row.kind,
    rowLabel: row.row_label,
    seatLabel: row.seat_label,
    priceCents: row.price_cents,
  }));
export type SeatFacts = z.output<typeof seatRow>;

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

export async function readOrderFacts(db: Queryable, orderId: string): Promise<OrderFacts | undefined> {
  const [order] = await readRows(
    db,
    'order-facts',
    orderRow,
    `SELECT o.id, o.user_email, o.user_name, o.total_cents, o.refunded_cents, o.currency, ${eventFactsColumns}
       FROM orders o JOIN events e ON e.id = o.event_id JOIN venues v ON v.id = e.venue_id
      WHERE o.id = $1`,
    [orderId],
  );
  if (!order) return undefined;
  const seats = await readRows(
    db,
    'order-facts',
    seatRow,
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
    currency: order.currency,
    event: eventFactsOf(order),
    seats,
  };
}
