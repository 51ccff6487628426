import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Envelope, MessageType, MessageTypes } from '@ticketing/common';

export const outboxChannel = 'outbox';

/**
 * Writes a message to the outbox inside the caller's transaction: it becomes
 * visible to the relay exactly when the change it describes commits, and the
 * NOTIFY (delivered only on commit) wakes the relay without polling.
 */
export async function enqueue<T extends MessageType>(
  em: EntityManager,
  type: T,
  data: MessageTypes[T],
): Promise<string> {
  const envelope: Envelope<T> = { id: randomUUID(), type, occurredAt: new Date().toISOString(), data };
  await em.execute(
    `WITH written AS (INSERT INTO outbox (message_id, routing_key, payload) VALUES (?, ?, ?::jsonb) RETURNING id)
     SELECT pg_notify(?, '') FROM written`,
    [envelope.id, type, JSON.stringify(envelope), outboxChannel],
  );
  return envelope.id;
}
