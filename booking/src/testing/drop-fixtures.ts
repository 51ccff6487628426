import { randomUUID } from 'node:crypto';
import type { Queryable } from '../read-models/queryable.ts';

/** A drop's settings as a test made them. */
export interface DropFixture {
  id: string;
  eventId: string;
  organizerId: string;
  size: number;
  releaseRatePerMinute: number;
  maxActive: number;
  perUserLimit: number;
  prequeueOpensAt: Date | null;
  opensAt: Date;
  closesAt: Date | null;
  paused: boolean;
}

/** A venue, a published event and a drop open for a minute, the drop's settings overridable. */
export async function insertDrop(db: Queryable, overrides: Partial<DropFixture> = {}): Promise<DropFixture> {
  const venueId = randomUUID();
  const drop: DropFixture = {
    id: randomUUID(),
    eventId: randomUUID(),
    organizerId: 'organizer-1',
    size: 1_000,
    releaseRatePerMinute: 600,
    maxActive: 500,
    perUserLimit: 4,
    prequeueOpensAt: null,
    opensAt: new Date(Date.now() - 60_000),
    closesAt: null,
    paused: false,
    ...overrides,
  };
  await db.query(`INSERT INTO venues (id, name, city) VALUES ($1, 'Hall', 'Lisbon')`, [venueId]);
  await db.query(
    `INSERT INTO events (id, venue_id, organizer_id, name, starts_at, status)
     VALUES ($1, $2, $3, 'Concert', now() + interval '30 days', 'published')`,
    [drop.eventId, venueId, drop.organizerId],
  );
  await db.query(
    `INSERT INTO drops (id, event_id, name, size, release_rate_per_minute, max_active, per_user_limit,
                        prequeue_opens_at, opens_at, closes_at, paused)
     VALUES ($1, $2, 'Drop', $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      drop.id,
      drop.eventId,
      drop.size,
      drop.releaseRatePerMinute,
      drop.maxActive,
      drop.perUserLimit,
      drop.prequeueOpensAt,
      drop.opensAt,
      drop.closesAt,
      drop.paused,
    ],
  );
  return drop;
}

export interface DropChanges {
  name?: string;
  queueEnabled?: boolean;
  paused?: boolean;
  releaseRatePerMinute?: number;
  maxActive?: number;
  opensAt?: Date;
  closesAt?: Date;
}

/** An organizer's edit, as booking makes it: new values and a new version, which it returns. */
export async function updateDrop(db: Queryable, dropId: string, changes: DropChanges): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    `UPDATE drops SET paused = coalesce($2, paused),
                      release_rate_per_minute = coalesce($3, release_rate_per_minute),
                      max_active = coalesce($4, max_active),
                      opens_at = coalesce($5, opens_at),
                      closes_at = coalesce($6, closes_at),
                      name = coalesce($7, name),
                      queue_enabled = coalesce($8, queue_enabled),
                      version = version + 1, updated_at = now()
      WHERE id = $1 RETURNING version`,
    [
      dropId,
      changes.paused ?? null,
      changes.releaseRatePerMinute ?? null,
      changes.maxActive ?? null,
      changes.opensAt ?? null,
      changes.closesAt ?? null,
      changes.name ?? null,
      changes.queueEnabled ?? null,
    ],
  );
  const updated = rows[0];
  if (!updated) throw new Error(`no drop ${dropId}`);
  return updated.version;
}
