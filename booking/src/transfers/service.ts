import { conflict, forbidden, invalid, notFound, type Principal } from '@ticketing/common';
import type { Database } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';
import { writeAudit } from '../audit/repo.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { applyReissue } from '../tickets/reissue.ts';
import { lockTicket, type TicketRow } from '../tickets/repo.ts';
import {
  changeHolder,
  closeTransfer,
  fanSeats,
  findTransferView,
  insertTransfer,
  listPendingTransfers,
  lockTransfer,
  pendingTransferOf,
  transferRules,
  type TransferViewRow,
} from './repo.ts';
import type { TransferView } from './schema.ts';

/*
 * Face-value transfers (README.md beside this file). Offering, cancelling
 * and accepting each run in one transaction under the ticket's row lock;
 * acceptance also locks the transfer, and its conditional update is the
 * final check, so of any number of concurrent accepts exactly one hands the
 * ticket over.
 */

const normalEmail = (email: string) => email.trim().toLowerCase();

/** The caller's address when the identity provider has verified it, else null. */
function verifiedEmailOf(fan: Principal): string | null {
  return fan.email && fan.emailVerified === true ? normalEmail(fan.email) : null;
}

/** Whether the ticket may change hands now; throws the reason it may not. */
async function checkTransferable(sql: Sql, ticket: TicketRow): Promise<{ dropId: string; perUserLimit: number }> {
  if (ticket.status !== 'valid') throw conflict('ticket_revoked', 'A revoked ticket cannot be transferred');
  if (ticket.used_at !== null) throw conflict('ticket_already_used', 'A ticket used at the door cannot be transferred');
  const rules = await transferRules(sql, ticket.id);
  if (!rules) throw notFound('ticket_not_found', 'No such ticket');
  if (rules.event_status === 'cancelled') throw conflict('event_cancelled', 'The event is cancelled');
  if (!rules.transfers_enabled) {
    throw forbidden('transfers_disabled', 'The organizer does not allow transfers for this event');
  }
  if (rules.past_deadline) {
    throw conflict('transfer_deadline_passed', 'Transfers for this event closed', {
      details: { deadline: rules.deadline },
    });
  }
  return { dropId: rules.drop_id, perUserLimit: rules.per_user_limit };
}

export async function offerTransfer(
  db: Database,
  fan: Principal,
  input: { ticketId: string; toEmail: string },
): Promise<TransferView> {
  const toEmail = normalEmail(input.toEmail);
  if (fan.email && normalEmail(fan.email) === toEmail) {
    throw invalid('transfer_to_self', 'A ticket cannot be transferred to its own holder');
  }
  return db.transaction(async (sql) => {
    const ticket = await lockTicket(sql, input.ticketId);
    // Another fan's ticket is not found, as every `/me` resource is.
    if (!ticket || ticket.user_id !== fan.id) throw notFound('ticket_not_found', 'No such ticket');
    await checkTransferable(sql, ticket);
    if (await pendingTransferOf(sql, ticket.id)) {
      throw conflict('transfer_pending', 'This ticket already has a transfer waiting to be accepted');
    }
    const transferId = await insertTransfer(sql, {
      ticketId: ticket.id,
      eventId: ticket.event_id,
      fromUserId: fan.id,
      fromEmail: fan.email ?? null,
      fromName: fan.name ?? null,
      toEmail,
      fromVersion: ticket.version,
    });
    await enqueue(sql, 'ticket.transfer_offered', {
      transferId,
      ticketId: ticket.id,
      orderId: ticket.order_id,
      seatId: ticket.seat_id,
      eventId: ticket.event_id,
      fromName: fan.name ?? null,
      fromEmail: fan.email ?? null,
      toEmail,
    });
    await writeAudit(sql, {
      actorId: fan.id,
      action: 'ticket.transfer_offered',
      subjectType: 'ticket',
      subjectId: ticket.id,
      details: { transferId, toEmail, version: ticket.version },
    });
    return viewOf(await mustFind(sql, transferId));
  });
}

export async function cancelTransfer(db: Database, fan: Principal, transferId: string): Promise<TransferView> {
  return db.transaction(async (sql) => {
    const transfer = await lockTransfer(sql, transferId);
    if (!transfer || transfer.from_user_id !== fan.id) throw notFound('transfer_not_found', 'No such transfer');
    if (!(await closeTransfer(sql, transfer.id, { status: 'cancelled' }))) {
      throw conflict('transfer_not_pending', `This transfer was already ${transfer.status}`, {
        details: { status: transfer.status },
      });
    }
    await writeAudit(sql, {
      actorId: fan.id,
      action: 'ticket.transfer_cancelled',
      subjectType: 'ticket',
      subjectId: transfer.ticket_id,
      details: { transferId: transfer.id, toEmail: transfer.to_email },
    });
    return viewOf(await mustFind(sql, transfer.id));
  });
}

/**
 * The receiver takes the ticket: it becomes theirs and is reissued (version
 * + 1), so the sender's code is `reissued` at any online scan and in every
 * gate list delta after this commit. Counts toward the receiver's per-fan
 * limit in the ticket's drop, which must have room for it.
 */
export async function acceptTransfer(db: Database, fan: Principal, transferId: string): Promise<TransferView> {
  const email = verifiedEmailOf(fan);
  if (!email) {
    throw forbidden('email_not_verified', 'Sign in with a verified email address to accept a transfer');
  }
  return db.transaction(async (sql) => {
    const transfer = await lockTransfer(sql, transferId);
    if (!transfer || transfer.to_email !== email) throw notFound('transfer_not_found', 'No such transfer');
    if (transfer.status !== 'pending') {
      throw conflict('transfer_not_pending', `This transfer was already ${transfer.status}`, {
        details: { status: transfer.status },
      });
    }
    if (transfer.from_user_id === fan.id) {
      throw invalid('transfer_to_self', 'A ticket cannot be transferred to its own holder');
    }
    const ticket = await lockTicket(sql, transfer.ticket_id);
    if (!ticket) throw notFound('ticket_not_found', 'No such ticket');
    if (ticket.user_id !== transfer.from_user_id) {
      throw conflict('ticket_not_transferable', 'The sender no longer holds this ticket');
    }
    const { dropId, perUserLimit } = await checkTransferable(sql, ticket);
    const owned = await fanSeats(sql, dropId, fan.id);
    if (owned + 1 > perUserLimit) {
      throw conflict('per_user_limit_exceeded', `At most ${perUserLimit} seats per fan in this drop`, {
        details: { limit: perUserLimit, owned },
      });
    }
    await changeHolder(sql, ticket.id, fan.id);
    const reissued = await applyReissue(sql, {
      ticketId: ticket.id,
      actorId: fan.id,
      reason: `transfer ${transfer.id}`,
      holder: { email, name: fan.name ?? null },
    });
    if (
      !(await closeTransfer(sql, transfer.id, { status: 'accepted', toUserId: fan.id, toVersion: reissued.version }))
    ) {
      throw conflict('transfer_not_pending', 'This transfer was already decided');
    }
    await enqueue(sql, 'ticket.transferred', {
      ticketId: reissued.ticketId,
      orderId: reissued.orderId,
      seatId: reissued.seatId,
      eventId: reissued.eventId,
      userId: fan.id,
      version: reissued.version,
      previousVersion: reissued.previousVersion,
      transferId: transfer.id,
      fromUserId: transfer.from_user_id,
      fromEmail: transfer.from_email,
      fromName: transfer.from_name,
      toEmail: email,
      toName: fan.name ?? null,
    });
    await writeAudit(sql, {
      actorId: fan.id,
      action: 'ticket.transferred',
      subjectType: 'ticket',
      subjectId: ticket.id,
      details: {
        transferId: transfer.id,
        fromUserId: transfer.from_user_id,
        toUserId: fan.id,
        toEmail: email,
        previousVersion: reissued.previousVersion,
        version: reissued.version,
      },
    });
    return viewOf(await mustFind(sql, transfer.id));
  });
}

/** Transfers waiting on the fan: offered to their verified address (`incoming`) and offered by them (`outgoing`). */
export async function listMyTransfers(
  db: Database,
  fan: Principal,
): Promise<{ incoming: TransferView[]; outgoing: TransferView[] }> {
  const verifiedEmail = verifiedEmailOf(fan);
  const rows = await db.read((sql) => listPendingTransfers(sql, { userId: fan.id, verifiedEmail }));
  return {
    incoming: rows.filter((r) => r.to_email === verifiedEmail && r.from_user_id !== fan.id).map(viewOf),
    outgoing: rows.filter((r) => r.from_user_id === fan.id).map(viewOf),
  };
}

async function mustFind(sql: Sql, transferId: string): Promise<TransferViewRow> {
  const row = await findTransferView(sql, transferId);
  if (!row) throw new Error(`transfer ${transferId} vanished inside its own transaction`);
  return row;
}

function viewOf(row: TransferViewRow): TransferView {
  return {
    transferId: row.id,
    ticketId: row.ticket_id,
    status: row.status,
    toEmail: row.to_email,
    from: { name: row.from_name, email: row.from_email },
    event: { eventId: row.event_id, name: row.event_name, startsAt: row.event_starts_at },
    section: row.section_name,
    row: row.row_label,
    seat: row.seat_label,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}
