import { randomUUID } from 'node:crypto';
import type { ScanAnswer, ScanResult } from '@ticketing/common/contracts/gate';
import { isoText, pgArray, type Sql } from '../db/sql.ts';

/** SQL of scans at the door. */

export interface NewScan {
  eventId: string | null;
  gateId: string;
  deviceId: string;
  nonce: string;
  mode: 'online' | 'offline';
  scannedBy: string;
  /** When the device scanned; null for now (an online scan). */
  scannedAt: string | null;
  ticketId: string | null;
  codeVersion: number | null;
  result: ScanResult;
  admitted: boolean;
  answer: ScanAnswer;
}

/**
 * Records a scan under its (device, nonce) unless that nonce is known:
 * false then. A concurrent insert of the same nonce waits here until the
 * first transaction ends, so a retry never runs beside its original.
 */
export async function insertScan(sql: Sql, scan: NewScan): Promise<string | undefined> {
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO scans (id, event_id, ticket_id, code_version, gate_id, device_id, nonce, mode, result, admitted,
                        scanned_by, scanned_at, answer)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?::timestamptz, now()), ?::jsonb)
     ON CONFLICT ON CONSTRAINT scans_device_nonce_uq DO NOTHING RETURNING id`,
    [
      randomUUID(),
      scan.eventId,
      scan.ticketId,
      scan.codeVersion,
      scan.gateId,
      scan.deviceId,
      scan.nonce,
      scan.mode,
      scan.result,
      scan.admitted,
      scan.scannedBy,
      scan.scannedAt,
      JSON.stringify(scan.answer),
    ],
  );
  return rows[0]?.id;
}

/** The outcome of a scan claimed with a placeholder, once it is decided. */
export async function settleScan(
  sql: Sql,
  scanId: string,
  outcome: { result: ScanResult; admitted: boolean; answer: ScanAnswer; ticketId: string | null },
): Promise<void> {
  await sql.query(`UPDATE scans SET result = ?, admitted = ?, answer = ?::jsonb, ticket_id = ? WHERE id = ?`, [
    outcome.result,
    outcome.admitted,
    JSON.stringify(outcome.answer),
    outcome.ticketId,
    scanId,
  ]);
}

export async function answerOfNonce(sql: Sql, deviceId: string, nonce: string): Promise<ScanAnswer | undefined> {
  const rows = await sql.query<{ answer: ScanAnswer }>(`SELECT answer FROM scans WHERE device_id = ? AND nonce = ?`, [
    deviceId,
    nonce,
  ]);
  return rows[0]?.answer;
}

export interface ScannedTicket {
  id: string;
  event_id: string;
  version: number;
  status: 'valid' | 'revoked';
  used_at: string | null;
  used_gate: string | null;
  seat: string;
}

const seatText = `concat_ws(', ', sec.name, CASE WHEN s.row_label <> '' THEN 'row ' || s.row_label END,
  CASE WHEN sec.kind = 'reserved' THEN 'seat ' || s.seat_label ELSE s.seat_label END)`;

/**
 * The one statement that lets someone in: the ticket is admitted only if it
 * is valid, at the scanned version, of this event, and not yet used. Of any
 * number of simultaneous scans, the first to update the row wins; the
 * others wait for its lock, re-read the row and find it used.
 */
export async function admitOnline(
  sql: Sql,
  claim: { ticketId: string; version: number; eventId: string; gateId: string; deviceId: string },
): Promise<ScannedTicket | undefined> {
  const rows = await sql.query<ScannedTicket>(
    `UPDATE tickets t SET used_at = now(), used_gate = ?, used_device = ?
       FROM seats s JOIN sections sec ON sec.id = s.section_id
      WHERE t.id = ? AND t.version = ? AND t.event_id = ? AND t.status = 'valid' AND t.used_at IS NULL
        AND s.id = t.seat_id
      RETURNING t.id, t.event_id, t.version, t.status, ${isoText('t.used_at')} AS used_at, t.used_gate,
                ${seatText} AS seat`,
    [claim.gateId, claim.deviceId, claim.ticketId, claim.version, claim.eventId],
  );
  return rows[0];
}

export async function findScannedTicket(sql: Sql, ticketId: string): Promise<ScannedTicket | undefined> {
  const rows = await sql.query<ScannedTicket>(
    `SELECT t.id, t.event_id, t.version, t.status, ${isoText('t.used_at')} AS used_at, t.used_gate, ${seatText} AS seat
       FROM tickets t JOIN seats s ON s.id = t.seat_id JOIN sections sec ON sec.id = s.section_id
      WHERE t.id = ?`,
    [ticketId],
  );
  return rows[0];
}

/**
 * An admission a device made offline: the ticket is marked used at the
 * device's time, and an earlier admission uploaded later moves the time
 * back, so `used_at` is always the first time anyone walked in on it.
 */
export async function recordOfflineAdmission(
  sql: Sql,
  admission: { ticketId: string; eventId: string; at: string; gateId: string; deviceId: string },
): Promise<void> {
  await sql.query(
    `UPDATE tickets SET used_at = ?::timestamptz, used_gate = ?, used_device = ?
      WHERE id = ? AND event_id = ? AND (used_at IS NULL OR used_at > ?::timestamptz)`,
    [admission.at, admission.gateId, admission.deviceId, admission.ticketId, admission.eventId, admission.at],
  );
}

export interface AdmittingScan {
  deviceId: string;
  gateId: string;
  nonce: string;
  scannedAt: string;
  mode: 'online' | 'offline';
}

/** The tickets among these that more than one scan let in, with every such scan, first first. */
export async function admittedMoreThanOnce(
  sql: Sql,
  ticketIds: readonly string[],
): Promise<Array<{ ticket_id: string; scans: AdmittingScan[] }>> {
  if (ticketIds.length === 0) return [];
  return sql.query<{ ticket_id: string; scans: AdmittingScan[] }>(
    `SELECT ticket_id, json_agg(json_build_object(
              'deviceId', device_id, 'gateId', gate_id, 'nonce', nonce,
              'scannedAt', ${isoText('scanned_at')}, 'mode', mode) ORDER BY scanned_at, received_at) AS scans
       FROM scans WHERE admitted AND ticket_id = ANY(?::uuid[])
      GROUP BY ticket_id HAVING count(*) > 1 ORDER BY ticket_id`,
    [pgArray(ticketIds)],
  );
}
