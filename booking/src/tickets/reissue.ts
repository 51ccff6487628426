import type { Database } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';
import { conflict, notFound, type TicketRef } from '@ticketing/common';
import { findOrder } from '../orders/repo.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { writeAudit } from '../audit/repo.ts';
import { bumpTicketVersion, lockTicket } from './repo.ts';

export interface ReissueTicketInput {
  ticketId: string;
  actorId: string;
  reason?: string;
  /** Who the new code is mailed to when it is not the order's buyer (a transferred ticket's new holder). */
  holder?: { email: string | null; name: string | null };
}

/**
 * A new code for a ticket (a leaked screenshot, a lost phone): its version
 * goes up by one, so every code signed for an earlier version stops
 * verifying at any gate that knows the current version. The notifier mails
 * the new code (`ticket.reissued`). Audited.
 */
export async function reissueTicket(
  db: Database,
  input: ReissueTicketInput,
): Promise<TicketRef & { previousVersion: number }> {
  return db.transaction((sql) => applyReissue(sql, input), { retry: true });
}

/** The reissue itself, in the caller's transaction (a reissue run once per idempotency key). Locks the ticket row. */
export async function applyReissue(
  sql: Sql,
  input: ReissueTicketInput,
): Promise<TicketRef & { previousVersion: number }> {
  const ticket = await lockTicket(sql, input.ticketId);
  if (!ticket) throw notFound('ticket_not_found', 'No such ticket');
  if (ticket.status !== 'valid') throw conflict('ticket_revoked', 'A revoked ticket cannot be reissued');
  const version = await bumpTicketVersion(sql, ticket.id);
  const order = await findOrder(sql, ticket.order_id);
  const ref: TicketRef = {
    ticketId: ticket.id,
    orderId: ticket.order_id,
    seatId: ticket.seat_id,
    eventId: ticket.event_id,
    userId: ticket.user_id,
    version,
  };
  await enqueue(sql, 'ticket.reissued', {
    ...ref,
    previousVersion: ticket.version,
    email: input.holder ? input.holder.email : (order?.user_email ?? null),
    ...(input.holder ? { name: input.holder.name } : {}),
  });
  await writeAudit(sql, {
    actorId: input.actorId,
    action: 'ticket.reissued',
    subjectType: 'ticket',
    subjectId: ticket.id,
    details: { previousVersion: ticket.version, version, reason: input.reason ?? null },
  });
  return { ...ref, previousVersion: ticket.version };
}
