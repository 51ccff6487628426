import type pg from 'pg';
import type { DropConfig } from './drop-config.ts';

interface DropRow {
  id: string;
  event_id: string;
  organizer_id: string;
  size: number;
  release_rate_per_minute: number;
  max_active: number;
  hold_seconds: number;
  per_user_limit: number;
  prequeue_opens_at: Date | null;
  opens_at: Date;
  closes_at: Date | null;
  queue_enabled: boolean;
  paused: boolean;
  version: number;
}

/** Reads a drop's settings from booking's tables (read-only); undefined if there is no such drop. */
export async function readDropConfig(pool: pg.Pool, dropId: string): Promise<DropConfig | undefined> {
  const { rows } = await pool.query<DropRow>(
    `SELECT d.id, d.event_id, e.organizer_id, d.size, d.release_rate_per_minute, d.max_active,
            d.hold_seconds, d.per_user_limit, d.prequeue_opens_at, d.opens_at, d.closes_at,
            d.queue_enabled, d.paused, d.version
       FROM drops d JOIN events e ON e.id = d.event_id
      WHERE d.id = $1`,
    [dropId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    dropId: row.id,
    eventId: row.event_id,
    organizerId: row.organizer_id,
    size: row.size,
    releaseRatePerMinute: row.release_rate_per_minute,
    maxActive: row.max_active,
    holdSeconds: row.hold_seconds,
    perUserLimit: row.per_user_limit,
    opensAt: row.opens_at.getTime(),
    prequeueOpensAt: row.prequeue_opens_at?.getTime() ?? null,
    closesAt: row.closes_at?.getTime() ?? null,
    enabled: row.queue_enabled,
    paused: row.paused,
    version: row.version,
  };
}
