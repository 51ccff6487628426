import { z } from 'zod';
import { eventSorts } from '@ticketing/booking/read-models';

/* The documents these routes answer with are the site's contract too: see @ticketing/common/contracts. */

const isoDateTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((v) => new Date(v));

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
