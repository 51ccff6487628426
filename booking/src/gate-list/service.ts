import { notFound, signGateList, type TicketSigningKey } from '@ticketing/common';
import type { GateListEntry, SignedGateList } from '@ticketing/common/contracts/gate';
import type { Database } from '../db/database.ts';
import { isoText } from '../db/sql.ts';

/**
 * An event's gate list, signed with the ticket key (README.md beside this
 * file): every ticket's id, current version and status, or with `since`
 * only the tickets that changed at or after that cursor.
 *
 * The cursor is the xmin of a snapshot taken before the tickets are read:
 * every transaction with a lower id has ended by then, so its changes are in
 * this answer; changes of transactions at or above it may or may not be,
 * and the next delta (`since` = this cursor) repeats them. Nothing a
 * committed transaction did can fall between two deltas; a ticket may come
 * twice, which is harmless because entries are states.
 */
export async function readGateList(
  db: Database,
  key: TicketSigningKey,
  eventId: string,
  since: string | null,
): Promise<SignedGateList> {
  return db.read(async (sql) => {
    const [head] = await sql.query<{ cursor: string; event_exists: boolean; now: string }>(
      `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS cursor,
              EXISTS (SELECT 1 FROM events WHERE id = ?) AS event_exists, ${isoText('now()')} AS now`,
      [eventId],
    );
    if (!head?.event_exists) throw notFound('event_not_found', 'There is no such event');
    const rows = await sql.query<{
      id: string;
      version: number;
      status: 'valid' | 'revoked';
      used_at: string | null;
      used_gate: string | null;
    }>(
      `SELECT id, version, status, ${isoText('used_at')} AS used_at, used_gate
         FROM tickets
        WHERE event_id = ? ${since === null ? '' : 'AND changed_xid >= ?::xid8'}
        ORDER BY id`,
      since === null ? [eventId] : [eventId, since],
    );
    const tickets: GateListEntry[] = rows.map((row) => ({
      ticketId: row.id,
      version: row.version,
      status: row.status === 'revoked' ? 'revoked' : row.used_at ? 'used' : 'valid',
      usedAt: row.used_at,
      usedGateId: row.used_gate,
    }));
    return signGateList(
      { format: 'gate-list.v1', eventId, generatedAt: head.now, since, cursor: head.cursor, tickets },
      key,
    );
  });
}
