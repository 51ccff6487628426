import { z } from 'zod';

/*
 * The seat map as the catalog serves it (`GET /events/:id/seatmap`) and the
 * site draws it. Zod only: the site's pages import this file too, so it
 * must not pull in anything that runs on the server alone.
 */

export const priceTier = z.object({
  id: z.string(),
  name: z.string(),
  priceCents: z.number().int(),
  currency: z.string(),
});
export type PriceTier = z.infer<typeof priceTier>;

const seat = z.object({
  id: z.string(),
  label: z.string(),
  /** Position in the section's drawing coordinates; null when the organizer gave none. */
  x: z.number().nullable(),
  y: z.number().nullable(),
  priceTierId: z.string(),
});

export const seatMap = z.object({
  eventId: z.string(),
  priceTiers: z.array(priceTier),
  sections: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(['reserved', 'general']),
      priceTierId: z.string(),
      capacity: z.number().int(),
      /** The organizer's drawing of the section (outline, label position), as stored. */
      geometry: z.record(z.string(), z.unknown()),
      sortOrder: z.number().int(),
      /** Reserved sections only: general admission places are interchangeable and not drawn one by one. */
      rows: z.array(z.object({ label: z.string(), seats: z.array(seat) })),
    }),
  ),
});
export type SeatMap = z.infer<typeof seatMap>;
