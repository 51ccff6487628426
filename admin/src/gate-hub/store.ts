import { DatabaseSync } from 'node:sqlite';
import type {
  GateListEntry,
  GateListPayload,
  LocalUse,
  OfflineScan,
  ScanAnswer,
  SignedGateList,
} from '@ticketing/common/contracts/gate';

/**
 * The gate hub's own store: one SQLite file on the steward's laptop, so a
 * hub that restarts (a flat battery, a closed lid) still knows whom it let
 * in and what it has not uploaded yet. node:sqlite is synchronous: every
 * method here runs to its end before any other request is looked at, which
 * is what makes one hub process admit each ticket once among its devices.
 *
 * Tables: `tickets` (the platform's gate list as last synced), `admissions`
 * (who this hub let in, at most one row per ticket: the conditional
 * admission), `scans` (every scan a device made through the hub, by device
 * and nonce, with the answer it was given and whether the platform has it),
 * `documents` (the platform's signed lists, served to devices as they are)
 * and `settings` (the platform's public keys, the last duplicates report).
 */

export interface StoredScan extends OfflineScan {
  answer: ScanAnswer;
  /** online: the platform answered it (it has it already); offline: the hub did, it waits for the upload. */
  mode: 'online' | 'offline';
}

export interface GateHubStore {
  /** The platform's signed full list and the delta since it, as the hub last fetched them. */
  documents(): { full: SignedGateList | null; delta: SignedGateList | null };
  /** Stores a verified document and applies its tickets. A full list replaces the delta. */
  saveDocument(document: SignedGateList, payload: GateListPayload): void;
  /** The cursor of the stored full list. */
  fullCursor(): string | null;
  entry(ticketId: string): GateListEntry | undefined;
  ticketCount(): number;
  admission(ticketId: string): LocalUse | undefined;
  /** The answer already given to this (device, nonce), if any. */
  answerOf(deviceId: string, nonce: string): ScanAnswer | undefined;
  /**
   * Records a scan and, when its answer is `valid`, the ticket's admission,
   * in one SQLite transaction; false (nothing written) when the ticket was
   * admitted already. `decide` runs inside it, so nothing can come between
   * reading the admissions and writing one.
   */
  recordScan(
    scan: Omit<StoredScan, 'answer' | 'result'>,
    decide: () => ScanAnswer,
    ticketId: string | null,
  ): ScanAnswer;
  pendingUploads(limit: number): StoredScan[];
  pendingCount(): number;
  markUploaded(keys: ReadonlyArray<{ deviceId: string; nonce: string }>): void;
  setting(name: string): string | undefined;
  setSetting(name: string, value: string): void;
  close(): void;
}

export function openGateHubStore(path: string): GateHubStore {
  const db = new DatabaseSync(path);
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    CREATE TABLE IF NOT EXISTS tickets (
      ticket_id TEXT PRIMARY KEY, version INTEGER NOT NULL, status TEXT NOT NULL, used_at TEXT, used_gate TEXT);
    CREATE TABLE IF NOT EXISTS admissions (
      ticket_id TEXT PRIMARY KEY, at TEXT NOT NULL, gate_id TEXT NOT NULL, device_id TEXT NOT NULL, nonce TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS scans (
      device_id TEXT NOT NULL, nonce TEXT NOT NULL, code TEXT NOT NULL, gate_id TEXT NOT NULL,
      scanned_at TEXT NOT NULL, result TEXT NOT NULL, answer TEXT NOT NULL, mode TEXT NOT NULL,
      uploaded INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL,
      PRIMARY KEY (device_id, nonce));
    CREATE INDEX IF NOT EXISTS scans_pending_ix ON scans (uploaded, seq);
    CREATE TABLE IF NOT EXISTS documents (kind TEXT PRIMARY KEY, document TEXT NOT NULL, cursor TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  `);

  const transaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };

  const putTicket = db.prepare(
    `INSERT INTO tickets (ticket_id, version, status, used_at, used_gate) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (ticket_id) DO UPDATE SET version = excluded.version, status = excluded.status,
       used_at = excluded.used_at, used_gate = excluded.used_gate`,
  );
  const getTicket = db.prepare('SELECT version, status, used_at, used_gate FROM tickets WHERE ticket_id = ?');
  const getAdmission = db.prepare('SELECT at, gate_id FROM admissions WHERE ticket_id = ?');
  const admit = db.prepare(
    `INSERT INTO admissions (ticket_id, at, gate_id, device_id, nonce) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (ticket_id) DO NOTHING`,
  );
  const getAnswer = db.prepare('SELECT answer FROM scans WHERE device_id = ? AND nonce = ?');
  const insertScan = db.prepare(
    `INSERT INTO scans (device_id, nonce, code, gate_id, scanned_at, result, answer, mode, uploaded, seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM scans))`,
  );
  const putDocument = db.prepare(
    `INSERT INTO documents (kind, document, cursor) VALUES (?, ?, ?)
     ON CONFLICT (kind) DO UPDATE SET document = excluded.document, cursor = excluded.cursor`,
  );
  const getDocument = db.prepare('SELECT document, cursor FROM documents WHERE kind = ?');
  const getSetting = db.prepare('SELECT value FROM settings WHERE name = ?');
  const putSetting = db.prepare(
    'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  );

  const document = (kind: 'full' | 'delta') => {
    const row = getDocument.get(kind) as { document: string } | undefined;
    return row ? (JSON.parse(row.document) as SignedGateList) : null;
  };

  return {
    documents: () => ({ full: document('full'), delta: document('delta') }),
    saveDocument(signed, payload) {
      transaction(() => {
        const kind = payload.since === null ? 'full' : 'delta';
        if (kind === 'full') {
          db.exec(`DELETE FROM documents WHERE kind = 'delta'; DELETE FROM tickets;`);
        }
        putDocument.run(kind, JSON.stringify(signed), payload.cursor);
        for (const t of payload.tickets) putTicket.run(t.ticketId, t.version, t.status, t.usedAt, t.usedGateId);
      });
    },
    fullCursor() {
      const row = getDocument.get('full') as { cursor: string } | undefined;
      return row?.cursor ?? null;
    },
    entry(ticketId) {
      const row = getTicket.get(ticketId) as
        | { version: number; status: GateListEntry['status']; used_at: string | null; used_gate: string | null }
        | undefined;
      if (!row) return undefined;
      return { ticketId, version: row.version, status: row.status, usedAt: row.used_at, usedGateId: row.used_gate };
    },
    ticketCount: () => (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n,
    admission(ticketId) {
      const row = getAdmission.get(ticketId) as { at: string; gate_id: string } | undefined;
      return row ? { at: row.at, gateId: row.gate_id } : undefined;
    },
    answerOf(deviceId, nonce) {
      const row = getAnswer.get(deviceId, nonce) as { answer: string } | undefined;
      return row ? (JSON.parse(row.answer) as ScanAnswer) : undefined;
    },
    recordScan(scan, decide, ticketId) {
      return transaction(() => {
        const known = getAnswer.get(scan.deviceId, scan.nonce) as { answer: string } | undefined;
        if (known) return JSON.parse(known.answer) as ScanAnswer;
        let answer = decide();
        if (answer.result === 'valid' && ticketId) {
          const admitted = admit.run(ticketId, scan.scannedAt, scan.gateId, scan.deviceId, scan.nonce);
          // Unreachable while `decide` reads the admissions in this same transaction; kept as the last word.
          if (admitted.changes === 0) answer = { result: 'already_used' };
        }
        insertScan.run(
          scan.deviceId,
          scan.nonce,
          scan.code,
          scan.gateId,
          scan.scannedAt,
          answer.result,
          JSON.stringify(answer),
          scan.mode,
          scan.mode === 'online' ? 1 : 0,
        );
        return answer;
      });
    },
    pendingUploads(limit) {
      const rows = db
        .prepare(
          `SELECT device_id, nonce, code, gate_id, scanned_at, result, answer, mode FROM scans
            WHERE uploaded = 0 ORDER BY seq LIMIT ?`,
        )
        .all(limit) as Array<Record<string, string>>;
      return rows.map((r) => ({
        deviceId: r.device_id!,
        nonce: r.nonce!,
        code: r.code!,
        gateId: r.gate_id!,
        scannedAt: r.scanned_at!,
        result: r.result as StoredScan['result'],
        answer: JSON.parse(r.answer!) as ScanAnswer,
        mode: r.mode as StoredScan['mode'],
      }));
    },
    pendingCount: () => (db.prepare('SELECT count(*) AS n FROM scans WHERE uploaded = 0').get() as { n: number }).n,
    markUploaded(keys) {
      const mark = db.prepare('UPDATE scans SET uploaded = 1 WHERE device_id = ? AND nonce = ?');
      transaction(() => {
        for (const key of keys) mark.run(key.deviceId, key.nonce);
      });
    },
    setting: (name) => (getSetting.get(name) as { value: string } | undefined)?.value,
    setSetting: (name, value) => {
      putSetting.run(name, value);
    },
    close: () => db.close(),
  };
}
