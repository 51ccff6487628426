import { encodeTicketCode, type TicketSigningKey } from '@ticketing/common';
import { parseBookingConfig } from '../config.ts';
import { isoText, pgArray } from '../db/sql.ts';
import { ticketSigningKey } from '../tickets/signing.ts';
import type { FactoryConnection } from './booking-database.ts';

/*
 * For tests of the door and the admin's desk: the key test services sign
 * ticket codes with (the development key, which NODE_ENV=test uses), codes
 * for any ticket and version, and the rows scans and refunds leave.
 */

/** The ticket key every test service runs with. */
export function testTicketKey(): TicketSigningKey {
  return ticketSigningKey(parseBookingConfig({ NODE_ENV: 'test' }));
}

/** A ticket's QR code at a version (an old version for a code that was reissued since). */
export function testTicketCode(
  ticket: { ticketId: string; eventId: string; version: number },
  key: TicketSigningKey = testTicketKey(),
): string {
  return encodeTicketCode(ticket, key);
}

export interface TicketUseRow {
  id: string;
  order_id: string;
  event_id: string;
  version: number;
  status: string;
  /** ISO 8601, as the API prints times. */
  used_at: string | null;
  used_gate: string | null;
  used_device: string | null;
}

/** Tickets as they are, in the order asked. */
export async function readTicketRows(sql: FactoryConnection, ticketIds: readonly string[]): Promise<TicketUseRow[]> {
  const rows = await sql.execute<TicketUseRow[]>(
    `SELECT id, order_id, event_id, version, status, ${isoText('used_at')} AS used_at, used_gate, used_device
       FROM tickets WHERE id = ANY(?::uuid[])`,
    [pgArray(ticketIds)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ticketIds.map((id) => {
    const row = byId.get(id);
    if (!row) throw new Error(`no ticket ${id}`);
    return row;
  });
}

/** The valid tickets of an order, by seat. */
export async function ticketIdsOfOrder(sql: FactoryConnection, orderId: string): Promise<string[]> {
  const rows = await sql.execute<Array<{ id: string }>>(
    `SELECT id FROM tickets WHERE order_id = ? AND status = 'valid' ORDER BY seat_id`,
    [orderId],
  );
  return rows.map((r) => r.id);
}

export interface ScanRow {
  ticket_id: string | null;
  device_id: string;
  nonce: string;
  gate_id: string;
  mode: string;
  result: string;
  admitted: boolean;
}

/** Every stored scan of a ticket, oldest first. */
export async function readScanRows(sql: FactoryConnection, ticketId: string): Promise<ScanRow[]> {
  return sql.execute<ScanRow[]>(
    `SELECT ticket_id, device_id, nonce, gate_id, mode, result, admitted FROM scans
      WHERE ticket_id = ? ORDER BY scanned_at, received_at`,
    [ticketId],
  );
}
