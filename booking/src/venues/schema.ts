import { z } from 'zod';

/*
 * A venue as organizers send it and as it is answered. The bounds are the
 * `venues` table's CHECK constraints, so what passes here PostgreSQL takes.
 */

/**
 * An IANA time zone name (`Europe/Amsterdam`, `UTC`): every time a person
 * reads about an event is shown in its venue's zone, so a zone the runtime
 * cannot format in is refused here. Offsets (`+01:00`) are not zones: they
 * do not follow daylight saving time.
 */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value) || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const venueFields = {
  name: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(200),
  address: z.string().trim().max(500),
  timezone: z.string().trim().refine(isTimeZone, 'an IANA time zone name, such as Europe/Amsterdam'),
};

export const createVenueInput = z.strictObject({
  name: venueFields.name,
  city: venueFields.city,
  address: venueFields.address.optional(),
  timezone: venueFields.timezone,
});
export type CreateVenueInput = z.output<typeof createVenueInput>;

export const venueChanges = createVenueInput
  .partial()
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'give at least one field to change',
  });
export type VenueChanges = z.output<typeof venueChanges>;

export const venueView = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string(),
  address: z.string(),
  timezone: z.string(),
  /** Who may manage it besides admins; null for venues from before organizers had their own. */
  organizerId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type VenueView = z.input<typeof venueView>;
