import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createLogger } from '@ticketing/common';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing/database';
import { createOrm, migrate } from '@ticketing/booking/db/orm';

/** A test database with booking's schema (the waiting room reads its `drops` table). */
export interface DropsDatabase {
  url: string;
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function createDropsDatabase(label: string): Promise<DropsDatabase> {
  const database: TestDatabase = await createTestDatabase(label);
  const orm = await createOrm({ databaseUrl: database.url, logger: createLogger('migrate', 'silent'), poolSize: 1 });
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 3 });
  return {
    url: database.url,
    pool,
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}

export interface DropSettings {
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

/** A venue, an event and a drop, with the drop's settings overridable. */
export async function insertDrop(pool: pg.Pool, overrides: Partial<DropSettings> = {}): Promise<DropSettings> {
  const venueId = randomUUID();
  const drop: DropSettings = {
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
  await pool.query(`INSERT INTO venues (id, name, city) VALUES ($1, 'Hall', 'Lisbon')`, [venueId]);
  await pool.query(
    `INSERT INTO events (id, venue_id, organizer_id, name, starts_at, status)
     VALUES ($1, $2, $3, 'Concert', now() + interval '30 days', 'published')`,
    [drop.eventId, venueId, drop.organizerId],
  );
  await pool.query(
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

/** An organizer's edit, as the admin service will make it: new values and a new version. */
export async function updateDrop(
  pool: pg.Pool,
  dropId: string,
  changes: { paused?: boolean; releaseRatePerMinute?: number; maxActive?: number; opensAt?: Date; closesAt?: Date },
): Promise<number> {
  const { rows } = await pool.query<{ version: number }>(
    `UPDATE drops SET paused = coalesce($2, paused),
                      release_rate_per_minute = coalesce($3, release_rate_per_minute),
                      max_active = coalesce($4, max_active),
                      opens_at = coalesce($5, opens_at),
                      closes_at = coalesce($6, closes_at),
                      version = version + 1, updated_at = now()
      WHERE id = $1 RETURNING version`,
    [
      dropId,
      changes.paused ?? null,
      changes.releaseRatePerMinute ?? null,
      changes.maxActive ?? null,
      changes.opensAt ?? null,
      changes.closesAt ?? null,
    ],
  );
  return rows[0]!.version;
}
