import { randomUUID } from 'node:crypto';
import { notFound } from '@ticketing/common';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit/repo.ts';
import type { Database } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';
import { touchEventsAtVenue } from '../events/repo.ts';
import { enqueue } from '../outbox/enqueue.ts';
import {
  findManagedVenue,
  insertVenue,
  listManagedVenues,
  presentVenue,
  writeVenueChanges,
  type VenueFields,
  type VenueRecord,
} from './repo.ts';
import type { CreateVenueInput, VenueChanges, VenueView } from './schema.ts';

/*
 * The organizer's venues: each belongs to the organizer who made it. A
 * change is one transaction with its audit row; since an event shows its
 * venue's name, city and time zone, every event at the venue gets a new
 * version and an `event.changed` message with it.
 */

const venueNotFound = () => notFound('venue_not_found', 'There is no such venue');

export async function createVenue(db: Database, actor: Actor, input: CreateVenueInput): Promise<VenueView> {
  const fields: VenueFields = {
    name: input.name,
    city: input.city,
    address: input.address ?? '',
    timezone: input.timezone,
  };
  return db.transaction(
    async (sql) => {
      const venue = await insertVenue(sql, { id: randomUUID(), organizerId: actor.id, ...fields });
      await audit(sql, actor, venue, 'venue.created', { fields });
      return presentVenue(venue);
    },
    { retry: true },
  );
}

export async function updateVenue(
  db: Database,
  actor: Actor,
  venueId: string,
  changes: VenueChanges,
): Promise<VenueView> {
  return db.transaction(
    async (sql) => {
      const venue = await findManagedVenue(sql, actor, venueId, { lock: true });
      if (!venue) throw venueNotFound();
      const diff = Object.entries(changes).filter(
        ([field, value]) => value !== undefined && value !== venue[field as keyof VenueFields],
      ) as Array<[keyof VenueFields, string]>;
      if (diff.length === 0) return presentVenue(venue);
      const changed = await writeVenueChanges(sql, venue.id, Object.fromEntries(diff));
      const events = await touchEventsAtVenue(sql, venue.id);
      for (const event of events) {
        await enqueue(sql, 'event.changed', { eventId: event.id, version: event.version, status: event.status });
      }
      await audit(sql, actor, changed, 'venue.updated', {
        changes: Object.fromEntries(diff.map(([field, to]) => [field, { from: venue[field], to }])),
        events: events.map((e) => e.id),
      });
      return presentVenue(changed);
    },
    { retry: true },
  );
}

export async function getVenue(db: Database, actor: Actor, venueId: string): Promise<VenueView> {
  const venue = await db.read((sql) => findManagedVenue(sql, actor, venueId));
  if (!venue) throw venueNotFound();
  return presentVenue(venue);
}

export async function listVenues(db: Database, actor: Actor): Promise<VenueView[]> {
  return (await db.read((sql) => listManagedVenues(sql, actor))).map(presentVenue);
}

async function audit(
  sql: Sql,
  actor: Actor,
  venue: VenueRecord,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  await writeAudit(sql, { actorId: actor.id, action, subjectType: 'venue', subjectId: venue.id, details });
}
