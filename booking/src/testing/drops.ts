import type { FactoryConnection } from './booking-database.ts';

/*
 * Readers for tests of the back office's drop use cases: the rows as they
 * are, so a test can show a refused request left them exactly as they were.
 */

export interface DropTables {
  drops: Array<Record<string, unknown>>;
  outbox: number;
  audit: number;
}

/** Everything a refused drop change must leave exactly as it was. */
export async function dropTables(sql: FactoryConnection): Promise<DropTables> {
  const drops = await sql.execute<Array<Record<string, unknown>>>('SELECT * FROM drops ORDER BY id');
  const [counts] = await sql.execute<Array<{ outbox: number; audit: number }>>(
    'SELECT (SELECT count(*)::int FROM outbox) AS outbox, (SELECT count(*)::int FROM audit_log) AS audit',
  );
  return { drops, outbox: counts?.outbox ?? -1, audit: counts?.audit ?? -1 };
}

/** The drop's row, every column under its own name. */
export async function readDropRow(sql: FactoryConnection, dropId: string): Promise<Record<string, unknown>> {
  const [row] = await sql.execute<Array<Record<string, unknown>>>('SELECT * FROM drops WHERE id = ?', [dropId]);
  if (!row) throw new Error(`no drop ${dropId}`);
  return row;
}

export interface AuditRow {
  actor_id: string;
  action: string;
  details: Record<string, unknown>;
}

/** The audit log of one subject, oldest first. */
export async function readAudit(sql: FactoryConnection, subjectType: string, subjectId: string): Promise<AuditRow[]> {
  return sql.execute<AuditRow[]>(
    'SELECT actor_id, action, details FROM audit_log WHERE subject_type = ? AND subject_id = ? ORDER BY id',
    [subjectType, subjectId],
  );
}
