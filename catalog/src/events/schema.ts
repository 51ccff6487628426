import { z } from 'zod';

const isoDateTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((v) => new Date(v));

export const eventSorts = ['starts_at', '-starts_at', 'name'] as const;
export type EventSort = (typeof eventSorts)[number];

export const listEventsQuery = z
  .object({
    /** Words to find in the event's name or description or the venue's name. */
    q: z.string().trim().min(1).max(100).optional(),
    city: z.string().trim().min(1).max(100).optional(),
    /** Events starting at or after this instant (ISO date or date-time). */
    from: isoDateTime.optional(),
    /** Events starting before this instant. */
    to: isoDateTime.optional(),
    sort: z.enum(eventSorts).default('starts_at'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    /** `nextCursor` of the previous page. */
    cursor: z.string().min(1).max(500).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: '`from` must not be after `to`',
    path: ['to'],
  });
export type ListEventsQuery = z.infer<typeof listEventsQuery>;

export const eventIdParams = z.object({ id: z.uuid() });

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

export const priceTier = z.object({
  id: z.string(),
  name: z.string(),
  priceCents: z.number().int(),
  currency: z.string(),
});

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
