import { z } from 'zod';
import { eventStatus } from '@ticketing/common';
import { id } from '../ids.ts';
import { venueView } from '../venues/schema.ts';

/*
 * An event as organizers send it and as it is answered. The bounds are the
 * `events` table's CHECK constraints, so what passes here PostgreSQL takes.
 */

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export const eventFields = {
  venueId: id,
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5_000),
  startsAt: instant,
  endsAt: instant.nullable(),
};

export const createEventInput = z.strictObject({
  venueId: eventFields.venueId,
  name: eventFields.name,
  description: eventFields.description.optional(),
  startsAt: eventFields.startsAt,
  endsAt: eventFields.endsAt.optional(),
});
export type CreateEventInput = z.output<typeof createEventInput>;

/** Any subset of the fields; the status changes only through the lifecycle steps. */
export const eventChanges = createEventInput
  .partial()
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'give at least one field to change',
  });
export type EventChanges = z.output<typeof eventChanges>;

export const eventListQuery = z.strictObject({ status: eventStatus.optional() });
export type EventListQuery = z.output<typeof eventListQuery>;

export const eventView = z.object({
  id: z.string(),
  organizerId: z.string(),
  name: z.string(),
  description: z.string(),
  status: eventStatus,
  /** Every time of the event is shown in the venue's time zone (`venue.timezone`). */
  venue: venueView.pick({ id: true, name: true, city: true, address: true, timezone: true }),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  /** Grows with every change of the event or its seat map; send it back in If-Match. */
  version: z.number().int(),
  seatMap: z.object({
    priceTiers: z.number().int(),
    sections: z.number().int(),
    seats: z.number().int(),
    /** Seats held or sold now: while there are any, the seat map cannot change. */
    heldOrSold: z.number().int(),
    /** Whether a new seat map would be taken now (a draft or published event with nothing held or sold). */
    editable: z.boolean(),
  }),
  drops: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EventView = z.input<typeof eventView>;
