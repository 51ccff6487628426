import { z } from 'zod';
import { dropView } from '@ticketing/booking/back-office';

/* The HTTP side of the drop routes; a drop's settings and its answer are booking's (back-office entry). */

// Ids compare as the database prints them: lower case.
const id = z.uuid().transform((value) => value.toLowerCase());

export const eventParams = z.object({ eventId: id });
export const dropParams = z.object({ id });

/**
 * `If-Match: "<version>"` (or W/"<version>", or the bare number) makes a
 * change conditional on the version the organizer last saw; `*` or no header
 * applies it to whatever is current.
 */
export const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^(\*|(W\/)?"\d{1,9}"|\d{1,9})$/, 'an entity tag "<version>" as given in ETag')
    .optional()
    .transform((value) => (value === undefined || value === '*' ? undefined : Number(value.replace(/\D/g, '')))),
});

export const dropList = z.object({ drops: z.array(dropView) });
