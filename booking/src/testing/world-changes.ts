import { randomUUID } from 'node:crypto';
import type { EventStatus } from '../events/status.ts';
import type { Queryable } from '../read-models/queryable.ts';
import type { World } from './world.ts';

/*
 * Changes to a world made by `createWorld`, as an organizer's use cases
 * would leave them, for tests of the services that read booking's data and
 * must follow such changes (the catalog's caches). The messages that tell
 * them are the test's to publish.
 */

/** Moves the event to another status, with the next version. */
export async function setWorldEventStatus(db: Queryable, world: World, status: EventStatus): Promise<void> {
  await db.query('UPDATE events SET status = $2, version = version + 1, updated_at = now() WHERE id = $1', [
    world.eventId,
    status,
  ]);
}

/** A new reserved section of `seats` seats in row A, at the world's tier; its id and the seats' ids. */
export async function addWorldSection(
  db: Queryable,
  world: World,
  name: string,
  seats: number,
): Promise<{ sectionId: string; seatIds: string[] }> {
  const sectionId = randomUUID();
  const seatIds = Array.from({ length: seats }, () => randomUUID());
  await db.query(
    `INSERT INTO sections (id, event_id, name, kind, price_tier_id, capacity, sort_order)
     VALUES ($1, $2, $3, 'reserved', $4, $5, 3)`,
    [sectionId, world.eventId, name, world.tierId, seats],
  );
  await db.query(
    `INSERT INTO seats (id, event_id, section_id, row_label, seat_label, price_tier_id, x, y)
     SELECT s.id, $2, $3, 'A', s.n::text, $4, s.n * 10, 80 FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, n)`,
    [seatIds, world.eventId, sectionId, world.tierId],
  );
  await db.query('UPDATE events SET version = version + 1 WHERE id = $1', [world.eventId]);
  return { sectionId, seatIds };
}
