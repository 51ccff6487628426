import { z } from 'zod';
import { readRows, type Queryable } from './queryable.ts';

/** The settings the waiting room runs a drop's line by; organizers edit them through booking. */
const dropSettingsRow = z
  .object({
    id: z.string(),
    event_id: z.string(),
    organizer_id: z.string(),
    size: z.number().int(),
    release_rate_per_minute: z.number().int(),
    max_active: z.number().int(),
    hold_seconds: z.number().int(),
    per_user_limit: z.number().int(),
    prequeue_opens_at: z.date().nullable(),
    opens_at: z.date(),
    closes_at: z.date().nullable(),
    queue_enabled: z.boolean(),
    paused: z.boolean(),
    version: z.number().int(),
  })
  .transform((row) => ({
    dropId: row.id,
    eventId: row.event_id,
    organizerId: row.organizer_id,
    size: row.size,
    releaseRatePerMinute: row.release_rate_per_minute,
    maxActive: row.max_active,
    holdSeconds: row.hold_seconds,
    perUserLimit: row.per_user_limit,
    prequeueOpensAt: row.prequeue_opens_at,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    queueEnabled: row.queue_enabled,
    paused: row.paused,
    /** Bumped by every edit, so a reader can tell a newer copy from an older one. */
    version: row.version,
  }));
export type DropSettings = z.output<typeof dropSettingsRow>;

/** A drop's settings, whatever its event's status; undefined if there is no such drop. */
export async function readDropSettings(db: Queryable, dropId: string): Promise<DropSettings | undefined> {
  const [drop] = await readRows(
    db,
    'drop-settings',
    dropSettingsRow,
    `SELECT d.id, d.event_id, e.organizer_id, d.size, d.release_rate_per_minute, d.max_active,
            d.hold_seconds, d.per_user_limit, d.prequeue_opens_at, d.opens_at, d.closes_at,
            d.queue_enabled, d.paused, d.version
       FROM drops d JOIN events e ON e.id = d.event_id
      WHERE d.id = $1`,
    [dropId],
  );
  return drop;
}
