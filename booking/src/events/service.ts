import { randomUUID } from 'node:crypto';
import { notFound } from '@ticketing/common';
import type { Actor } from '../actor.ts';
import type { Database } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';
import { findManagedVenue } from '../venues/repo.ts';
import { announceEventChange } from './announce.ts';
import {
  findManagedEvent,
  insertEvent,
  listManagedEvents,
  presentEvent,
  writeEventChanges,
  type EventFields,
  type EventRecord,
} from './repo.ts';
import { checkDraft, checkEventDates, versionMismatch } from './rules.ts';
import type { CreateEventInput, EventChanges, EventListQuery, EventView } from './schema.ts';

/*
 * The organizer's event use cases. Each change is one transaction that
 * bumps the event's version, writes `event.changed` to the outbox and an
 * audit row; a change that changes nothing writes nothing. Back-office
 * commands are retried when PostgreSQL picks them as a deadlock victim:
 * nobody is there to press the button again.
 */

export const eventNotFound = () => notFound('event_not_found', 'There is no such event');
const venueNotFound = () => notFound('venue_not_found', 'There is no such venue');

export async function createEvent(db: Database, actor: Actor, input: CreateEventInput): Promise<EventView> {
  const fields: EventFields = {
    venueId: input.venueId,
    name: input.name,
    description: input.description ?? '',
    startsAt: input.startsAt,
    endsAt: input.endsAt ?? null,
  };
  checkEventDates(fields, true);
  return db.transaction(
    async (sql) => {
      if (!(await findManagedVenue(sql, actor, fields.venueId))) throw venueNotFound();
      const id = randomUUID();
      await insertEvent(sql, { id, organizerId: actor.id, ...fields });
      const event = await reread(sql, actor, id);
      await announceEventChange(sql, actor, event, 'event.created', { fields: auditValues(fields) });
      return presentEvent(event);
    },
    { retry: true },
  );
}

/** Edits a draft; a published event's details are what fans rely on (`event_not_draft`). */
export async function updateEvent(
  db: Database,
  actor: Actor,
  eventId: string,
  changes: EventChanges,
  expectedVersion: number | undefined,
): Promise<EventView> {
  return db.transaction(
    async (sql) => {
      const event = await lockEvent(sql, actor, eventId, expectedVersion);
      checkDraft(event.status);
      const diff = differences(event, changes);
      checkEventDates(
        {
          startsAt: changes.startsAt ?? event.startsAt,
          endsAt: changes.endsAt === undefined ? event.endsAt : changes.endsAt,
        },
        diff.has('startsAt'),
      );
      if (diff.size === 0) return presentEvent(event);
      if (diff.has('venueId') && !(await findManagedVenue(sql, actor, changes.venueId ?? ''))) throw venueNotFound();
      const audit = Object.fromEntries(
        [...diff].map(([field, to]) => [field, { from: auditValue(event[field]), to: auditValue(to) }]),
      );
      await writeEventChanges(sql, event.id, Object.fromEntries(diff));
      const changed = await reread(sql, actor, event.id);
      await announceEventChange(sql, actor, changed, 'event.updated', { changes: audit });
      return presentEvent(changed);
    },
    { retry: true },
  );
}

export async function getEvent(db: Database, actor: Actor, eventId: string): Promise<EventView> {
  const event = await db.read((sql) => findManagedEvent(sql, actor, eventId));
  if (!event) throw eventNotFound();
  return presentEvent(event);
}

export async function listEvents(db: Database, actor: Actor, query: EventListQuery): Promise<EventView[]> {
  const events = await db.read((sql) => listManagedEvents(sql, actor, query.status));
  return events.map(presentEvent);
}

/** The event locked for a change, if the actor may manage it and it is at the version they last read. */
export async function lockEvent(
  sql: Sql,
  actor: Actor,
  eventId: string,
  expectedVersion: number | undefined,
): Promise<EventRecord> {
  const event = await findManagedEvent(sql, actor, eventId, { lock: true });
  if (!event) throw eventNotFound();
  if (expectedVersion !== undefined && event.version !== expectedVersion) throw versionMismatch(event.version);
  return event;
}

export async function reread(sql: Sql, actor: Actor, eventId: string): Promise<EventRecord> {
  const event = await findManagedEvent(sql, actor, eventId);
  if (!event) throw new Error(`event ${eventId} vanished inside its own transaction`);
  return event;
}

type Field = keyof EventFields;
type FieldValue = string | Date | null;

function differences(event: EventRecord, changes: EventChanges): Map<Field, FieldValue> {
  const diff = new Map<Field, FieldValue>();
  for (const [field, value] of Object.entries(changes) as Array<[Field, FieldValue | undefined]>) {
    if (value === undefined) continue;
    if (auditValue(value) !== auditValue(event[field])) diff.set(field, value);
  }
  return diff;
}

const auditValue = (value: FieldValue) => (value instanceof Date ? value.toISOString() : value);

function auditValues(fields: EventFields): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, auditValue(value)]));
}
