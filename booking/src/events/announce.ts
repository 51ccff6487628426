import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit/repo.ts';
import type { Sql } from '../db/sql.ts';
import { enqueue } from '../outbox/enqueue.ts';
import type { EventStatus } from './status.ts';

/**
 * Every change of an event: `event.changed` to the outbox (the catalog drops
 * what it cached of the event) and an audit row, in the change's transaction.
 */
export async function announceEventChange(
  sql: Sql,
  actor: Actor,
  event: { id: string; version: number; status: EventStatus },
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  await enqueue(sql, 'event.changed', { eventId: event.id, version: event.version, status: event.status });
  await writeAudit(sql, {
    actorId: actor.id,
    action,
    subjectType: 'event',
    subjectId: event.id,
    details: { ...details, version: event.version },
  });
}
