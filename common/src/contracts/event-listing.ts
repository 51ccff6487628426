import { z } from 'zod';
import { priceTier } from './seat-map.ts';

/*
 * The events as the catalog serves them (`GET /events`, `GET /events/:id`)
 * and the site lists and shows them. Zod only, like the seat map: the
 * site's pages import this file too.
 */

/** Every time a person sees is shown in the venue's time zone (IANA name), so the summary carries it too. */
const venue = z.object({ id: z.string(), name: z.string(), city: z.string(), timezone: z.string() });

/** A drop as a listing shows it: when its line opens and whether it is on sale. */
const dropSchedule = z.object({
  id: z.string(),
  name: z.string(),
  prequeueOpensAt: z.string().nullable(),
  opensAt: z.string(),
  closesAt: z.string().nullable(),
  paused: z.boolean(),
});

export const eventSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  venue,
  /** The cheapest price tier, if the event has any. */
  priceFrom: z.object({ cents: z.number().int(), currency: z.string() }).nullable(),
  /** The drop on sale now or opening next (earliest start among those not closed), if any. */
  nextDrop: dropSchedule.nullable(),
});
export type EventSummary = z.infer<typeof eventSummary>;

export const eventPage = z.object({ items: z.array(eventSummary), nextCursor: z.string().nullable() });
export type EventPage = z.infer<typeof eventPage>;

export const eventDetail = eventSummary.extend({
  venue: venue.extend({ address: z.string() }),
  priceTiers: z.array(priceTier),
  drops: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      size: z.number().int(),
      prequeueOpensAt: z.string().nullable(),
      opensAt: z.string(),
      closesAt: z.string().nullable(),
      queueEnabled: z.boolean(),
      paused: z.boolean(),
    }),
  ),
});
export type EventDetail = z.infer<typeof eventDetail>;
