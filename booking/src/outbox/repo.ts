import type { Sql } from '../db/sql.ts';

export interface ClaimedRow {
  /** bigserial, as text (pg returns int8 that way); ids only grow. */
  id: string;
  messageId: string;
  routingKey: string;
  payload: unknown;
  createdAt: Date;
  /** Including this claim. */
  attempts: number;
  /** The lease: the claim is ours until then, and only a release matching it is ours to make. */
  claimedUntil: Date;
}

interface ClaimedRecord {
  id: string;
  message_id: string;
  routing_key: string;
  payload: unknown;
  created_at: Date;
  attempts: number;
  claimed_until: Date;
}

/**
 * Claims up to `batchSize` due rows, oldest first, in one auto-committed
 * statement: the lease replaces a transaction held open across the publish.
 * SKIP LOCKED keeps concurrent relays off each other's rows while they
 * claim, and the lease keeps them off afterwards; a relay that dies leaves
 * its rows to whoever comes after the lease ends. The lease is rounded to
 * milliseconds so it comes back from JavaScript's Date unchanged.
 */
export async function claimBatch(sql: Sql, batchSize: number, leaseMs: number): Promise<ClaimedRow[]> {
  const rows = await sql.query<ClaimedRecord>(
    `WITH due AS (
       SELECT id FROM outbox
        WHERE published_at IS NULL
          AND available_at <= now()
          AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY id
        LIMIT ?
        FOR UPDATE SKIP LOCKED)
     UPDATE outbox o
        SET claimed_until = date_trunc('milliseconds', now() + ?::float8 * interval '1 millisecond'),
            attempts = o.attempts + 1
       FROM due
      WHERE o.id = due.id
     RETURNING o.id::text AS id, o.message_id::text AS message_id, o.routing_key, o.payload, o.created_at,
               o.attempts, o.claimed_until`,
    [batchSize, leaseMs],
  );
  return rows
    .map((r) => ({
      id: r.id,
      messageId: r.message_id,
      routingKey: r.routing_key,
      payload: r.payload,
      createdAt: r.created_at,
      attempts: r.attempts,
      claimedUntil: r.claimed_until,
    }))
    .sort((a, b) => compareIds(a.id, b.id));
}

export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** One statement for the whole confirmed part of a batch. */
export async function markPublished(sql: Sql, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const marked = await sql.query(
    `UPDATE outbox
        SET published_at = now(), claimed_until = NULL, last_error = NULL
      WHERE id = ANY(?::bigint[]) AND published_at IS NULL
     RETURNING id`,
    [ids],
  );
  return marked.length;
}

export interface FailedRow {
  id: string;
  delayMs: number;
  error: string;
}

/**
 * Puts failed rows back with a delay, the error and no claim, in one
 * statement. Rows whose lease has since passed to another relay are left to
 * that relay.
 */
export async function releaseFailed(sql: Sql, failed: readonly FailedRow[], claimedUntil: Date): Promise<number> {
  if (failed.length === 0) return 0;
  const released = await sql.query(
    `UPDATE outbox o
        SET available_at = now() + f.delay_ms * interval '1 millisecond',
            last_error = f.error,
            claimed_until = NULL
       FROM unnest(?::bigint[], ?::int[], ?::text[]) AS f(id, delay_ms, error)
      WHERE o.id = f.id AND o.published_at IS NULL AND o.claimed_until = ?
     RETURNING o.id`,
    [failed.map((f) => f.id), failed.map((f) => Math.round(f.delayMs)), failed.map((f) => f.error), claimedUntil],
  );
  return released.length;
}

export interface PendingStats {
  pending: number;
  /** Seconds since the oldest unpublished row was written; 0 when none. */
  oldestSeconds: number;
}

export async function pendingStats(sql: Sql): Promise<PendingStats> {
  const rows = await sql.query<{ pending: number; oldest_seconds: number | null }>(
    `SELECT count(*)::int AS pending,
            extract(epoch FROM now() - min(created_at))::float8 AS oldest_seconds
       FROM outbox WHERE published_at IS NULL`,
  );
  return { pending: rows[0]?.pending ?? 0, oldestSeconds: rows[0]?.oldest_seconds ?? 0 };
}

/**
 * Deletes rows published more than `retentionDays` ago, `batchSize` at a
 * time so no statement holds many locks or runs long. SKIP LOCKED lets two
 * relays prune at once without waiting on each other.
 */
export async function prunePublished(sql: Sql, retentionDays: number, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const pruned = await sql.query(
      `WITH old AS (
         SELECT id FROM outbox
          WHERE published_at < now() - ?::float8 * interval '1 day'
          ORDER BY id
          LIMIT ?
          FOR UPDATE SKIP LOCKED)
       DELETE FROM outbox o USING old WHERE o.id = old.id RETURNING o.id`,
      [retentionDays, batchSize],
    );
    const deleted = pruned.length;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
