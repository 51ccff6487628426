import { randomUUID } from 'node:crypto';
import { messageSchemas, type Envelope, type MessageType, type MessageTypes } from '@ticketing/common';
import { outboxWritten } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';

/** The envelope of one message, its data checked against the contract in common/src/events.ts. */
export function envelopeOf<T extends MessageType>(
  type: T,
  data: MessageTypes[T],
  id: string = randomUUID(),
): Envelope<T> {
  const checked = messageSchemas[type].parse(data) as MessageTypes[T];
  return { id, type, occurredAt: new Date().toISOString(), data: checked };
}

/**
 * The outbox writer: every message booking sends goes through here, inside
 * the transaction of the change it describes, so it becomes visible to the
 * relay exactly when that change commits. A message that breaks the contract
 * throws, and the change rolls back with it. The relay is woken after the
 * commit (`Database.transaction`), never by a NOTIFY in the transaction.
 *
 * The two hot statements that write their messages in SQL (placing a hold,
 * ending holds) are held to the same contract by a test.
 */
export async function enqueue<T extends MessageType>(sql: Sql, type: T, data: MessageTypes[T]): Promise<string> {
  const envelope = envelopeOf(type, data);
  await writeEnvelope(sql, envelope);
  return envelope.id;
}

/** The insert itself, for an envelope `envelopeOf` made (a caller that must know the whole envelope). */
export async function writeEnvelope(sql: Sql, envelope: Envelope): Promise<void> {
  await sql.query(`INSERT INTO outbox (message_id, routing_key, payload) VALUES (?, ?, ?::jsonb)`, [
    envelope.id,
    envelope.type,
    JSON.stringify(envelope),
  ]);
  outboxWritten(sql);
}
