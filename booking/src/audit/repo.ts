import type { Sql } from '../db/sql.ts';

export interface AuditEntry {
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
}

/** Who did what, written in the transaction of the change itself, so the log and the change commit together. */
export async function writeAudit(sql: Sql, entry: AuditEntry): Promise<void> {
  await sql.query(
    `INSERT INTO audit_log (actor_id, action, subject_type, subject_id, details) VALUES (?, ?, ?, ?, ?::jsonb)`,
    [entry.actorId, entry.action, entry.subjectType, entry.subjectId, JSON.stringify(entry.details)],
  );
}
