import { z } from 'zod';

/**
 * An id a request names (in its path, query or body): a uuid, lower-cased,
 * because ids are compared as the database prints them. Every booking route
 * reads its ids through this one schema, so `3F2A…` and `3f2a…` name the
 * same row everywhere, including in comparisons made after the database.
 */
export const id = z.uuid().transform((value) => value.toLowerCase());
