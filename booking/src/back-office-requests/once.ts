import { createHash } from 'node:crypto';
import { DomainError } from '@ticketing/common';
import type { Sql } from '../db/sql.ts';

/**
 * Runs a back-office command once per (actor, idempotency key), in the
 * caller's transaction: the key is claimed first, with an insert that a
 * concurrent request with the same key waits on (PostgreSQL holds the second
 * insert until the first transaction ends). If the first commits, the second
 * finds its answer and returns it without doing anything; if the first rolls
 * back, the second claims the key and does the work itself. So an admin's
 * double click, a browser's retry and ten concurrent copies of one request
 * all take effect once and all get the first answer.
 *
 * The key is bound to what was asked (`action` and a fingerprint of the
 * request): the same key for anything else is `422 idempotency_key_reused`,
 * as with orders.
 */
export interface OnceRequest {
  actorId: string;
  key: string;
  action: string;
  /** Everything that makes two requests the same request, in a fixed key order. */
  request: Record<string, unknown>;
}

export interface OnceResult<T> {
  answer: T;
  /** True when this is a repeat: the answer is the first request's, and nothing was done now. */
  replayed: boolean;
}

export async function once<T>(sql: Sql, request: OnceRequest, work: () => Promise<T>): Promise<OnceResult<T>> {
  const fingerprint = createHash('sha256').update(JSON.stringify(request.request)).digest('base64url');
  const claimed = await sql.query<{ claimed: boolean }>(
    `INSERT INTO back_office_requests (actor_id, idempotency_key, action, fingerprint, answer)
     VALUES (?, ?, ?, ?, 'null'::jsonb)
     ON CONFLICT ON CONSTRAINT back_office_requests_pk DO NOTHING RETURNING true AS claimed`,
    [request.actorId, request.key, request.action, fingerprint],
  );
  if (claimed.length === 0) {
    const [first] = await sql.query<{ action: string; fingerprint: string; answer: T }>(
      `SELECT action, fingerprint, answer FROM back_office_requests WHERE actor_id = ? AND idempotency_key = ?`,
      [request.actorId, request.key],
    );
    if (!first) throw new Error('an idempotency key was claimed and is gone');
    if (first.action !== request.action || first.fingerprint !== fingerprint) {
      throw new DomainError(
        'unprocessable',
        'idempotency_key_reused',
        'This idempotency key was used for another request',
      );
    }
    return { answer: first.answer, replayed: true };
  }
  const answer = await work();
  await sql.query(`UPDATE back_office_requests SET answer = ?::jsonb WHERE actor_id = ? AND idempotency_key = ?`, [
    JSON.stringify(answer),
    request.actorId,
    request.key,
  ]);
  return { answer, replayed: false };
}
