import { conflict } from '@ticketing/common';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit/repo.ts';
import type { Database } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';
import { findManagedEvent, writeEventChanges, type EventRecord } from '../events/repo.ts';
import { eventNotFound, lockEvent } from '../events/service.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { diffSeatMap, isEmptyDiff, type SeatMapDiff } from './diff.ts';
import { planSeatMap, seatMapInvalid } from './plan.ts';
import {
  deleteRows,
  lockEventSeats,
  readStoredSeatMap,
  seatsWithHistory,
  writeSeats,
  writeSections,
  writeTiers,
  type StoredSeatMap,
} from './repo.ts';
import type { SeatMapDesign, SeatMapInput } from './schema.ts';

/*
 * Reading and replacing an event's seat map. A replacement is one
 * transaction under the event's lock: it is refused (`seat_map_locked`, 409)
 * once the event is on sale or over, while any seat is held or sold, and
 * when it would remove a seat a hold ever took (orders and tickets point at
 * it). Otherwise it bumps the event's version and writes `seatmap.changed`
 * (the catalog rebuilds what it keeps of the event's seats) and an audit row.
 * Saving the map that is already there changes nothing.
 */

export interface SeatMapAnswer {
  /** The event's version: the entity tag to send back in If-Match. */
  version: number;
  map: SeatMapDesign;
}

export async function getSeatMap(db: Database, actor: Actor, eventId: string): Promise<SeatMapAnswer> {
  return db.read(async (sql) => {
    // The version first: a change committed in between makes a save on this read fail, never overwrite it.
    const event = await findManagedEvent(sql, actor, eventId);
    if (!event) throw eventNotFound();
    return { version: event.version, map: presentSeatMap(await readStoredSeatMap(sql, eventId)) };
  });
}

export async function replaceSeatMap(
  db: Database,
  actor: Actor,
  eventId: string,
  input: SeatMapInput,
  expectedVersion: number | undefined,
  source: 'json' | 'csv' = 'json',
): Promise<SeatMapAnswer> {
  const { plan, issues } = planSeatMap(input);
  if (issues.length > 0) throw seatMapInvalid(issues);
  return db.transaction(
    async (sql) => {
      const event = await lockEvent(sql, actor, eventId, expectedVersion);
      checkEditable(event);
      const { held, sold } = await lockEventSeats(sql, event.id);
      if (held + sold > 0) {
        throw seatMapLocked('seats_held_or_sold', 'Seats of this event are held or sold; its seat map is final', {
          held,
          sold,
        });
      }
      const stored = await readStoredSeatMap(sql, event.id);
      const diff = diffSeatMap(stored, plan);
      if (diff.issues.length > 0) throw seatMapInvalid(diff.issues);
      if (isEmptyDiff(diff)) return { version: event.version, map: presentSeatMap(stored) };
      const withOrders = await seatsWithHistory(sql, diff.seats.removed);
      if (withOrders.length > 0) {
        throw seatMapLocked('removes_seats_with_orders', 'The new map removes seats that holds or orders name', {
          seats: withOrders.slice(0, 50),
          count: withOrders.length,
        });
      }
      await apply(sql, event.id, diff);
      const { version, status } = await writeEventChanges(sql, event.id, {});
      const saved = await readStoredSeatMap(sql, event.id);
      await enqueue(sql, 'seatmap.changed', {
        eventId: event.id,
        version,
        status,
        sections: saved.sections.length,
        seats: saved.seats.length,
      });
      await writeAudit(sql, {
        actorId: actor.id,
        action: 'seat_map.replaced',
        subjectType: 'event',
        subjectId: event.id,
        details: { version, source, ...counts(diff) },
      });
      return { version, map: presentSeatMap(saved) };
    },
    { retry: true },
  );
}

/** Only an event still being prepared or announced takes a new map: once on sale, fans buy from this one. */
function checkEditable(event: EventRecord): void {
  if (event.status !== 'draft' && event.status !== 'published') {
    throw seatMapLocked('event_status', `The event is ${event.status}; its seat map is final`, {
      eventStatus: event.status,
    });
  }
}

function seatMapLocked(reason: string, message: string, details: Record<string, unknown>) {
  return conflict('seat_map_locked', message, { details: { reason, ...details } });
}

/** Removals first, then renames out of the way, updates, inserts, and the tiers nothing points at any more. */
async function apply(sql: Sql, eventId: string, diff: SeatMapDiff): Promise<void> {
  await deleteRows(sql, 'seats', diff.seats.removed);
  await deleteRows(sql, 'sections', diff.sections.removed);
  await writeTiers(sql, eventId, diff.tiers);
  await writeSections(sql, eventId, diff.sections);
  await writeSeats(sql, eventId, diff.seats);
  await deleteRows(sql, 'price_tiers', diff.tiers.removed);
}

function counts(diff: SeatMapDiff) {
  const of = (part: { inserted: unknown[]; updated: unknown[]; removed: unknown[] }) => ({
    added: part.inserted.length,
    changed: part.updated.length,
    removed: part.removed.length,
  });
  return { priceTiers: of(diff.tiers), sections: of(diff.sections), seats: of(diff.seats) };
}

/** The stored map in the shape organizers send: tiers by name, reserved seats in rows, general places as a capacity. */
export function presentSeatMap(stored: StoredSeatMap): SeatMapDesign {
  const tierName = new Map(stored.tiers.map((t) => [t.id, t.name]));
  const seatsOf = new Map<string, StoredSeatMap['seats']>();
  for (const seat of stored.seats) {
    const list = seatsOf.get(seat.sectionId) ?? [];
    list.push(seat);
    seatsOf.set(seat.sectionId, list);
  }
  return {
    priceTiers: stored.tiers.map((t) => ({ id: t.id, name: t.name, priceCents: t.priceCents, currency: t.currency })),
    sections: stored.sections.map((section) => {
      const seats = seatsOf.get(section.id) ?? [];
      const rows: SeatMapDesign['sections'][number]['rows'] = [];
      if (section.kind === 'reserved') {
        for (const seat of seats) {
          let row = rows.at(-1);
          if (row?.label !== seat.row) rows.push((row = { label: seat.row, seats: [] }));
          row.seats.push({
            id: seat.id,
            label: seat.label,
            x: seat.x,
            y: seat.y,
            priceTier: tierName.get(seat.tierId) ?? '',
            blocked: seat.status === 'blocked',
          });
        }
      }
      return {
        id: section.id,
        name: section.name,
        kind: section.kind,
        priceTier: tierName.get(section.tierId) ?? '',
        capacity: seats.length,
        geometry: section.geometry,
        sortOrder: section.sortOrder,
        rows,
      };
    }),
  };
}
