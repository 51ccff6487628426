import { z } from 'zod';
import { notFound, type DomainError, invalid } from '@ticketing/common';
import type { Actor } from '../actor.ts';
import type { Database } from '../db/database.ts';
import { isoText, type Sql } from '../db/sql.ts';
import { writeAudit } from '../audit/repo.ts';
import { findManagedEvent } from '../events/repo.ts';

/** An event's transfer rules as its organizer sets them (README.md beside this file). */

export const transferRulesInput = z.object({
  /** Whether fans may transfer this event's tickets at all. */
  enabled: z.boolean(),
  /** The last moment a transfer may be offered or accepted; null for "until the event starts". */
  deadline: z.iso.datetime({ offset: true }).nullable(),
});
export type TransferRulesInput = z.infer<typeof transferRulesInput>;

export const transferRulesView = z.object({
  eventId: z.uuid(),
  enabled: z.boolean(),
  deadline: z.string().nullable(),
  /** The deadline in force: the organizer's, else the event's start. */
  effectiveDeadline: z.string(),
});
export type TransferRulesView = z.infer<typeof transferRulesView>;

const eventNotFound = (): DomainError => notFound('event_not_found', 'There is no such event');

async function readRules(sql: Sql, eventId: string): Promise<TransferRulesView> {
  const [row] = await sql.query<{ enabled: boolean; deadline: string | null; effective: string }>(
    `SELECT transfers_enabled AS enabled, ${isoText('transfer_deadline')} AS deadline,
            ${isoText('coalesce(transfer_deadline, starts_at)')} AS effective
       FROM events WHERE id = ?`,
    [eventId],
  );
  if (!row) throw eventNotFound();
  return { eventId, enabled: row.enabled, deadline: row.deadline, effectiveDeadline: row.effective };
}

export async function getTransferRules(db: Database, actor: Actor, eventId: string): Promise<TransferRulesView> {
  return db.read(async (sql) => {
    if (!(await findManagedEvent(sql, actor, eventId))) throw eventNotFound();
    return readRules(sql, eventId);
  });
}

export async function setTransferRules(
  db: Database,
  actor: Actor,
  eventId: string,
  input: TransferRulesInput,
): Promise<TransferRulesView> {
  return db.transaction(async (sql) => {
    const event = await findManagedEvent(sql, actor, eventId, { lock: true });
    if (!event) throw eventNotFound();
    const [check] = await sql.query<{ after_start: boolean }>(
      `SELECT ?::timestamptz > starts_at AS after_start FROM events WHERE id = ?`,
      [input.deadline, eventId],
    );
    if (check?.after_start) {
      throw invalid('transfer_deadline_after_start', 'The transfer deadline must not be after the event starts', {
        details: {
          errors: [
            { in: 'body', path: 'deadline', code: 'after_start', message: 'deadline is after the event starts' },
          ],
        },
      });
    }
    const before = await readRules(sql, eventId);
    await sql.query(`UPDATE events SET transfers_enabled = ?, transfer_deadline = ?::timestamptz WHERE id = ?`, [
      input.enabled,
      input.deadline,
      eventId,
    ]);
    const after = await readRules(sql, eventId);
    await writeAudit(sql, {
      actorId: actor.id,
      action: 'event.transfer_rules_changed',
      subjectType: 'event',
      subjectId: eventId,
      details: { before: { enabled: before.enabled, deadline: before.deadline }, after: input },
    });
    return after;
  });
}
