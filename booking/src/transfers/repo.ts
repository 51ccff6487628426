import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/sql.ts';
import { isoText } from '../db/sql.ts';
import { fanSeatsSql } from '../holds/repo.ts';

/** SQL of ticket transfers. */

export interface TransferRow {
  id: string;
  ticket_id: string;
  event_id: string;
  from_user_id: string;
  from_email: string | null;
  from_name: string | null;
  to_email: string;
  to_user_id: string | null;
  status: 'pending' | 'accepted' | 'cancelled';
  from_version: number;
  to_version: number | null;
  created_at: string;
  decided_at: string | null;
}

/** A transfer with what a fan sees of its ticket. */
export interface TransferViewRow extends TransferRow {
  event_name: string;
  event_starts_at: string;
  section_name: string;
  row_label: string;
  seat_label: string;
}

const transferColumns = `tr.id, tr.ticket_id, tr.event_id, tr.from_user_id, tr.from_email, tr.from_name, tr.to_email,
  tr.to_user_id, tr.status, tr.from_version, tr.to_version, ${isoText('tr.created_at')} AS created_at,
  ${isoText('tr.decided_at')} AS decided_at`;

const viewSelect = `SELECT ${transferColumns}, e.name AS event_name, ${isoText('e.starts_at')} AS event_starts_at,
       sec.name AS section_name, s.row_label, s.seat_label
  FROM ticket_transfers tr
  JOIN tickets t ON t.id = tr.ticket_id
  JOIN seats s ON s.id = t.seat_id
  JOIN sections sec ON sec.id = s.section_id
  JOIN events e ON e.id = tr.event_id`;

/** What decides whether a ticket may change hands now: its event's switch and deadline, and its drop's limit. */
export interface TransferRules {
  event_status: string;
  transfers_enabled: boolean;
  /** The organizer's deadline, else the event's start. */
  deadline: string;
  past_deadline: boolean;
  drop_id: string;
  per_user_limit: number;
}

export async function transferRules(sql: Sql, ticketId: string): Promise<TransferRules | null> {
  const rows = await sql.query<TransferRules>(
    `SELECT e.status AS event_status, e.transfers_enabled,
            ${isoText('coalesce(e.transfer_deadline, e.starts_at)')} AS deadline,
            now() >= coalesce(e.transfer_deadline, e.starts_at) AS past_deadline,
            o.drop_id, d.per_user_limit
       FROM tickets t JOIN events e ON e.id = t.event_id JOIN orders o ON o.id = t.order_id
       JOIN drops d ON d.id = o.drop_id
      WHERE t.id = ?`,
    [ticketId],
  );
  return rows[0] ?? null;
}

/** Seats that count toward a fan's limit in a drop (holds/repo.ts `fanSeatsSql`). */
export async function fanSeats(sql: Sql, dropId: string, userId: string): Promise<number> {
  const rows = await sql.query<{ seats: number }>(
    `SELECT ${fanSeatsSql('p.drop_id', 'p.user_id')}::int AS seats FROM (SELECT ?::uuid AS drop_id, ?::text AS user_id) p`,
    [dropId, userId],
  );
  return rows[0]?.seats ?? 0;
}

export async function pendingTransferOf(sql: Sql, ticketId: string): Promise<TransferRow | null> {
  const rows = await sql.query<TransferRow>(
    `SELECT ${transferColumns} FROM ticket_transfers tr WHERE tr.ticket_id = ? AND tr.status = 'pending'`,
    [ticketId],
  );
  return rows[0] ?? null;
}

export async function insertTransfer(
  sql: Sql,
  transfer: {
    ticketId: string;
    eventId: string;
    fromUserId: string;
    fromEmail: string | null;
    fromName: string | null;
    toEmail: string;
    fromVersion: number;
  },
): Promise<string> {
  const id = randomUUID();
  await sql.query(
    `INSERT INTO ticket_transfers (id, ticket_id, event_id, from_user_id, from_email, from_name, to_email, from_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      transfer.ticketId,
      transfer.eventId,
      transfer.fromUserId,
      transfer.fromEmail,
      transfer.fromName,
      transfer.toEmail,
      transfer.fromVersion,
    ],
  );
  return id;
}

export async function lockTransfer(sql: Sql, transferId: string): Promise<TransferRow | null> {
  const rows = await sql.query<TransferRow>(
    `SELECT ${transferColumns} FROM ticket_transfers tr WHERE tr.id = ? FOR UPDATE`,
    [transferId],
  );
  return rows[0] ?? null;
}

/** Closes a pending transfer; false when it was no longer pending (the conditional update is the final check). */
export async function closeTransfer(
  sql: Sql,
  transferId: string,
  outcome: { status: 'cancelled' } | { status: 'accepted'; toUserId: string; toVersion: number },
): Promise<boolean> {
  const rows = await sql.query<{ id: string }>(
    `UPDATE ticket_transfers SET status = ?, to_user_id = ?, to_version = ?, decided_at = now()
      WHERE id = ? AND status = 'pending' RETURNING id`,
    [
      outcome.status,
      outcome.status === 'accepted' ? outcome.toUserId : null,
      outcome.status === 'accepted' ? outcome.toVersion : null,
      transferId,
    ],
  );
  return rows.length === 1;
}

/** Hands the ticket to its new holder; its version is bumped after this by the reissue. */
export async function changeHolder(sql: Sql, ticketId: string, userId: string): Promise<void> {
  await sql.query(`UPDATE tickets SET user_id = ? WHERE id = ?`, [userId, ticketId]);
}

export async function findTransferView(sql: Sql, transferId: string): Promise<TransferViewRow | null> {
  const rows = await sql.query<TransferViewRow>(`${viewSelect} WHERE tr.id = ?`, [transferId]);
  return rows[0] ?? null;
}

/** Pending transfers offered to an address, and those a fan offered, newest first. */
export async function listPendingTransfers(
  sql: Sql,
  fan: { userId: string; verifiedEmail: string | null },
): Promise<TransferViewRow[]> {
  return sql.query<TransferViewRow>(
    `${viewSelect}
      WHERE tr.status = 'pending' AND (tr.from_user_id = ? OR tr.to_email = ?)
      ORDER BY tr.created_at DESC LIMIT 200`,
    [fan.userId, fan.verifiedEmail],
  );
}
