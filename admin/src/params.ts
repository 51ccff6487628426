import { z } from 'zod';

/* What the back office's routes share in their paths and headers. */

// Ids compare as the database prints them: lower case.
export const id = z.uuid().transform((value) => value.toLowerCase());

/** `/<things>/:id`. */
export const idParams = z.object({ id });

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

/** The version is the entity tag: send it back in If-Match to change exactly what was read. */
export function versionHeaders(thing: { version: number }): Record<string, string> {
  return { ETag: `"${thing.version}"`, 'Cache-Control': 'no-store' };
}
