import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/sql.ts';
import type { TicketRef } from '@ticketing/common';
import { isoText, pgArray } from '../db/sql.ts';

/** SQL of the tickets context. */

export interface TicketRow {
  id: string;
  order_id: string;
  seat_id: string;
  event_id: string;
  user_id: string;
  version: number;
  status: 'valid' | 'revoked';
  issued_at: string;
  revoked_at: string | null;
  used_at: string | null;
}

const ticketColumns = `id, order_id, seat_id, event_id, user_id, version, status, ${isoText('issued_at')} AS issued_at,
  ${isoText('revoked_at')} AS revoked_at, ${isoText('used_at')} AS used_at`;

/**
 * One ticket per seat, at version 1. The partial unique index on valid
 * tickets per seat is the database's own guard against selling a seat twice.
 */
export async function issueTickets(
  sql: Sql,
  sale: { orderId: string; eventId: string; userId: string; seatIds: readonly string[] },
): Promise<TicketRef[]> {
  const seatIds = [...sale.seatIds].sort();
  const ids = seatIds.map(() => randomUUID());
  await sql.query(
    `INSERT INTO tickets (id, order_id, seat_id, event_id, user_id, version)
     SELECT t.id, ?, t.seat_id, ?, ?, 1 FROM unnest(?::uuid[], ?::uuid[]) AS t(id, seat_id)`,
    [sale.orderId, sale.eventId, sale.userId, pgArray(ids), pgArray(seatIds)],
  );
  return seatIds.map((seatId, i) => ({
    ticketId: ids[i] as string,
    orderId: sale.orderId,
    seatId,
    eventId: sale.eventId,
    userId: sale.userId,
    version: 1,
  }));
}

export async function ticketsOfOrder(sql: Sql, orderId: string, lock = false): Promise<TicketRow[]> {
  return sql.query<TicketRow>(
    `SELECT ${ticketColumns} FROM tickets WHERE order_id = ? ORDER BY seat_id, issued_at ${lock ? 'FOR UPDATE' : ''}`,
    [orderId],
  );
}

export async function lockTicket(sql: Sql, ticketId: string): Promise<TicketRow | null> {
  const rows = await sql.query<TicketRow>(`SELECT ${ticketColumns} FROM tickets WHERE id = ? FOR UPDATE`, [ticketId]);
  return rows[0] ?? null;
}

export async function findTicket(sql: Sql, ticketId: string): Promise<TicketRow | null> {
  const rows = await sql.query<TicketRow>(`SELECT ${ticketColumns} FROM tickets WHERE id = ?`, [ticketId]);
  return rows[0] ?? null;
}

export async function revokeTickets(sql: Sql, ticketIds: readonly string[]): Promise<void> {
  await sql.query(`UPDATE tickets SET status = 'revoked', revoked_at = now() WHERE id = ANY(?::uuid[])`, [
    pgArray(ticketIds),
  ]);
}

/** A new version of a valid ticket: every code printed for an earlier version stops verifying. */
export async function bumpTicketVersion(sql: Sql, ticketId: string): Promise<number> {
  const rows = await sql.query<{ version: number }>(
    `UPDATE tickets SET version = version + 1, issued_at = now() WHERE id = ? AND status = 'valid' RETURNING version`,
    [ticketId],
  );
  if (!rows[0]) throw new Error(`ticket ${ticketId} is not valid and cannot be reissued`);
  return rows[0].version;
}
