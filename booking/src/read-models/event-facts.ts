import { z } from 'zod';
import { readRows, type Queryable } from './queryable.ts';

/** The columns of an event's facts, for statements that join `events e` and `venues v`. */
export const eventFactsColumns = `e.id AS event_id, e.name AS event_name, e.starts_at, v.name AS venue_name, v.city, v.address, v.timezone`;

export const eventFactsFields = z.object({
  event_id: z.string(),
  event_name: z.string(),
  starts_at: z.date(),
  venue_name: z.string(),
  city: z.string(),
  address: z.string(),
  timezone: z.string(),
});

/** What a mail says about an event: its name, start and where it takes place. */
export function eventFactsOf(row: z.output<typeof eventFactsFields>) {
  return {
    id: row.event_id,
    name: row.event_name,
    startsAt: row.starts_at,
    venueName: row.venue_name,
    city: row.city,
    address: row.address,
    /** The venue's IANA time zone: every time a person reads is shown in it. */
    timezone: row.timezone,
  };
}
export type EventFacts = ReturnType<typeof eventFactsOf>;

/** Any event, whatever its status: a mail may concern an event that was since cancelled. */
export async function readEventFacts(db: Queryable, eventId: string): Promise<EventFacts | undefined> {
  const [event] = await readRows(
    db,
    'event-facts',
    eventFactsFields.transform(eventFactsOf),
    `SELECT ${eventFactsColumns} FROM events e JOIN venues v ON v.id = e.venue_id WHERE e.id = $1`,
    [eventId],
  );
  return event;
}
