import { isoText, pgArray, type Sql } from '../db/sql.ts';
import type { OrderHeadRow } from './repo.ts';
import type { TimelineEntry } from './schema.ts';

/**
 * An order's story for the admin, from what PostgreSQL keeps: its hold, the
 * order and payment, the messages written about it (the outbox keeps
 * published rows for `RELAY_RETENTION_DAYS`, so older messages are gone),
 * the audit log of the order and its tickets, and every scan of its tickets.
 *
 * Mails: the notifier records what it sent in its own store (Redis), which
 * booking does not read. What the timeline can say is when the message that
 * makes the notifier mail the fan was handed over (`email`, `publishedAt`).
 */

// The messages the notifier turns into a mail to the fan (notifier/src/consumers).
const mailedTypes = new Set([
  'order.paid',
  'order.refunded',
  'ticket.reissued',
  'ticket.transferred',
  'order.expired_not_charged',
]);

export async function orderTimeline(sql: Sql, order: OrderHeadRow, ticketIds: readonly string[]) {
  const entries: TimelineEntry[] = [];
  const add = (at: string | null, kind: string, details: Record<string, unknown>, actorId: string | null = null) => {
    if (at) entries.push({ at, kind, actorId, details });
  };

  const [hold] = await sql.query<{
    id: string;
    seat_count: number;
    status: string;
    created_at: string;
    expires_at: string;
    ended_at: string | null;
  }>(
    `SELECT id, seat_count, status, ${isoText('created_at')} AS created_at, ${isoText('expires_at')} AS expires_at,
            ${isoText('ended_at')} AS ended_at
       FROM holds WHERE id = ?`,
    [order.hold_id],
  );
  if (hold) {
    add(hold.created_at, 'hold.placed', { holdId: hold.id, seatCount: hold.seat_count, expiresAt: hold.expires_at });
    add(hold.ended_at, 'hold.ended', { holdId: hold.id, status: hold.status });
  }
  add(order.created_at, 'order.placed', { totalCents: order.total_cents, currency: order.currency.trim() });
  add(order.paid_at, 'order.paid', {});

  const messages = await sql.query<{
    routing_key: string;
    message_id: string;
    created_at: string;
    published_at: string | null;
    data: Record<string, unknown>;
  }>(
    `SELECT routing_key, payload ->> 'id' AS message_id, ${isoText('created_at')} AS created_at,
            ${isoText('published_at')} AS published_at, payload -> 'data' AS data
       FROM outbox WHERE (payload -> 'data' ->> 'orderId') = ? ORDER BY id`,
    [order.id],
  );
  for (const m of messages) {
    const details: Record<string, unknown> = {
      type: m.routing_key,
      messageId: m.message_id,
      publishedAt: m.published_at,
    };
    if (m.routing_key === 'ticket.reissued' || m.routing_key === 'ticket.transferred')
      details.ticketId = m.data.ticketId;
    if (typeof m.data.amountCents === 'number') details.amountCents = m.data.amountCents;
    if (typeof m.data.refundedCents === 'number') details.refundedCents = m.data.refundedCents;
    add(m.created_at, mailedTypes.has(m.routing_key) ? 'email' : 'message', details);
  }

  const audit = await sql.query<{ actor_id: string; action: string; details: Record<string, unknown>; at: string }>(
    `SELECT actor_id, action, details, ${isoText('at')} AS at FROM audit_log
      WHERE (subject_type = 'order' AND subject_id = ?)
         OR (subject_type = 'ticket' AND subject_id = ANY(?::text[]))
      ORDER BY id`,
    [order.id, pgArray(ticketIds)],
  );
  for (const a of audit) add(a.at, a.action, a.details, a.actor_id);

  const scans = await sql.query<{
    ticket_id: string;
    result: string;
    admitted: boolean;
    gate_id: string;
    device_id: string;
    mode: string;
    scanned_at: string;
    scanned_by: string;
  }>(
    `SELECT ticket_id, result, admitted, gate_id, device_id, mode, scanned_by, ${isoText('scanned_at')} AS scanned_at
       FROM scans WHERE ticket_id = ANY(?::uuid[]) ORDER BY scanned_at, received_at`,
    [pgArray(ticketIds)],
  );
  for (const s of scans) {
    add(
      s.scanned_at,
      'scan',
      {
        ticketId: s.ticket_id,
        result: s.result,
        admitted: s.admitted,
        gateId: s.gate_id,
        deviceId: s.device_id,
        mode: s.mode,
      },
      s.scanned_by,
    );
  }

  // A stable sort: things at the same millisecond keep the order they were read in (cause before effect).
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.index - b.index)
    .map(({ entry }) => entry);
}
