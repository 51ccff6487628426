import { z } from 'zod';

/*
 * A hold as booking answers it (`POST /holds`, `GET /holds/:id`) and the
 * storefront reads it. Zod only: the site's pages import this file too.
 */

export const heldSeat = z.object({
  seatId: z.string(),
  sectionId: z.string(),
  row: z.string(),
  label: z.string(),
  priceCents: z.number().int(),
});

export const holdCreated = z.object({
  holdId: z.string(),
  eventId: z.string(),
  dropId: z.string(),
  seats: z.array(heldSeat),
  expiresAt: z.string(),
});

/** `expired` as soon as the clock passes `expiresAt`, whether or not the sweeper has run. */
export const holdStatus = z.enum(['active', 'released', 'expired', 'converted']);

export const holdView = holdCreated.extend({ status: holdStatus });
