import { forbidden } from '@ticketing/common';
import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { Database } from '../db/database.ts';
import { keysetCursor, type KeysetPosition } from '../db/keyset-cursor.ts';
import { isoText, type Sql } from '../db/sql.ts';
import type { AuditEntryView, AuditFilter, AuditPage, AuditQuery } from './schema.ts';

/**
 * Reading the audit log: a page of entries, newest first, or every matching
 * entry as CSV. Admins only: the log names every actor and subject.
 */

const auditCursor = keysetCursor(z.string().regex(/^\d{1,19}$/));

/** The most rows one CSV export holds; a narrower filter gets the rest. */
export const auditExportLimit = 100_000;

interface AuditRow {
  id: string;
  at: string;
  cursor_at: string;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: Record<string, unknown>;
}

async function readAuditRows(
  sql: Sql,
  filter: AuditFilter,
  after: KeysetPosition | null,
  limit: number,
): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    where.push(condition);
    params.push(value);
  };
  if (filter.actorId) add('actor_id = ?', filter.actorId);
  if (filter.action) add('action = ?', filter.action);
  if (filter.subjectType) add('subject_type = ?', filter.subjectType);
  if (filter.subjectId) add('subject_id = ?', filter.subjectId);
  if (filter.from) add('at >= ?::timestamptz', filter.from);
  if (filter.to) add('at < ?::timestamptz', filter.to);
  if (after) {
    where.push('(at, id) < (?::timestamptz, ?::bigint)');
    params.push(after.at, after.id);
  }
  params.push(limit);
  return sql.query<AuditRow>(
    `SELECT id::text, ${isoText('at')} AS at, at::text AS cursor_at, actor_id, action, subject_type, subject_id, details
       FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY at DESC, id DESC LIMIT ?`,
    params,
  );
}

const present = (row: AuditRow): AuditEntryView => ({
  id: row.id,
  at: row.at,
  actorId: row.actor_id,
  action: row.action,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  details: row.details,
});

function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw forbidden('admin_only', 'Only admins read the audit log');
}

export async function readAuditLog(db: Database, actor: Actor, query: AuditQuery): Promise<AuditPage> {
  requireAdmin(actor);
  const after = auditCursor.decode(query.cursor);
  const rows = await db.read((sql) => readAuditRows(sql, query, after, query.limit + 1));
  const shown = rows.slice(0, query.limit);
  const last = shown.at(-1);
  return {
    entries: shown.map(present),
    nextCursor: rows.length > query.limit && last ? auditCursor.encode({ at: last.cursor_at, id: last.id }) : null,
  };
}

const csvColumns = ['id', 'at', 'actor_id', 'action', 'subject_type', 'subject_id', 'details'] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break. A field a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * first) is prefixed with an apostrophe, so an actor or a reason cannot smuggle one in.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Every matching entry, newest first, up to `auditExportLimit`; `truncated` when there were more. */
export async function exportAuditLog(
  db: Database,
  actor: Actor,
  filter: AuditFilter,
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  requireAdmin(actor);
  const lines = [csvColumns.join(',')];
  let after: KeysetPosition | null = null;
  let rows = 0;
  const pageSize = 1_000;
  for (;;) {
    const page = await db.read((sql) => readAuditRows(sql, filter, after, pageSize));
    for (const row of page) {
      if (rows === auditExportLimit) return { csv: `${lines.join('\r\n')}\r\n`, rows, truncated: true };
      const entry = present(row);
      lines.push(
        [
          entry.id,
          entry.at,
          entry.actorId,
          entry.action,
          entry.subjectType,
          entry.subjectId,
          JSON.stringify(entry.details),
        ]
          .map(csvField)
          .join(','),
      );
      rows++;
    }
    const last = page.at(-1);
    if (page.length < pageSize || !last) break;
    after = { at: last.cursor_at, id: last.id };
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows, truncated: false };
}
