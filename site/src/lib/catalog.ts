import { z } from 'zod';

/** The catalog API's documents, as far as the storefront reads them. */
const money = z.object({ cents: z.number().int(), currency: z.string() });
const venue = z.object({ id: z.string(), name: z.string(), city: z.string(), timezone: z.string() });

const dropSchedule = z.object({
  id: z.string(),
  name: z.string(),
  prequeueOpensAt: z.string().nullable(),
  opensAt: z.string(),
  closesAt: z.string().nullable(),
  paused: z.boolean(),
});
export type DropSchedule = z.infer<typeof dropSchedule>;

export const eventSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  venue,
  priceFrom: money.nullable(),
  nextDrop: dropSchedule.nullable().default(null),
});
export type EventSummary = z.infer<typeof eventSummary>;

export const eventPage = z.object({ items: z.array(eventSummary), nextCursor: z.string().nullable() });
export type EventPage = z.infer<typeof eventPage>;

const priceTier = z.object({ id: z.string(), name: z.string(), priceCents: z.number().int(), currency: z.string() });
export type PriceTier = z.infer<typeof priceTier>;

export const eventDetail = eventSummary.extend({
  venue: venue.extend({ address: z.string() }),
  priceTiers: z.array(priceTier),
  drops: z.array(dropSchedule.extend({ size: z.number().int(), queueEnabled: z.boolean() })),
});
export type EventDetail = z.infer<typeof eventDetail>;
export type EventDrop = EventDetail['drops'][number];

const seat = z.object({
  id: z.string(),
  label: z.string(),
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
      geometry: z.record(z.string(), z.unknown()).default({}),
      sortOrder: z.number().int(),
      rows: z.array(z.object({ label: z.string(), seats: z.array(seat) })).default([]),
    }),
  ),
});
export type SeatMap = z.infer<typeof seatMap>;

export const availabilityCounts = z.object({
  sections: z.array(
    z.object({
      sectionId: z.string(),
      available: z.number().int(),
      held: z.number().int(),
      sold: z.number().int(),
    }),
  ),
});
export type AvailabilityCounts = z.infer<typeof availabilityCounts>;

/** The outcome of one read: the document, the event is unknown, or the catalog cannot answer. */
export type CatalogResult<T> = { kind: 'ok'; value: T } | { kind: 'not_found' } | { kind: 'unavailable' };

export interface CatalogClientOptions {
  /** The catalog as the site's server reaches it. */
  baseUrl: string;
  /** A page render waits this long for the catalog before saying it is down. */
  timeoutMs: number;
}

/** Where the server and the browser each find the catalog; the browser's may go through a public host. */
export function catalogSettings(env: NodeJS.ProcessEnv = process.env) {
  const baseUrl = trimSlash(env.CATALOG_URL || 'http://localhost:4003');
  const timeout = Number(env.CATALOG_TIMEOUT_MS);
  return {
    baseUrl,
    publicUrl: trimSlash(env.PUBLIC_CATALOG_URL || baseUrl),
    timeoutMs: Number.isInteger(timeout) && timeout > 0 ? timeout : 3_000,
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function createCatalogClient(options: CatalogClientOptions) {
  async function read<T>(path: string, schema: z.ZodType<T>): Promise<CatalogResult<T>> {
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl}${path}`, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch {
      return { kind: 'unavailable' };
    }
    // The catalog answers 400 for an id that is not a UUID: for a visitor that event does not exist either.
    if (response.status === 404 || response.status === 400) {
      await response.body?.cancel();
      return { kind: 'not_found' };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { kind: 'unavailable' };
    }
    try {
      const parsed = schema.safeParse(await response.json());
      return parsed.success ? { kind: 'ok', value: parsed.data } : { kind: 'unavailable' };
    } catch {
      return { kind: 'unavailable' };
    }
  }

  return {
    /** Only the search fields a visitor can set are passed on; empty ones are left out. */
    listEvents(search: EventSearch): Promise<CatalogResult<EventPage>> {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(search)) {
        const trimmed = typeof value === 'string' ? value.trim() : undefined;
        if (trimmed) query.set(key, trimmed.slice(0, 500));
      }
      const suffix = query.size > 0 ? `?${query.toString()}` : '';
      return read(`/events${suffix}`, eventPage);
    },
    getEvent(id: string): Promise<CatalogResult<EventDetail>> {
      return read(`/events/${encodeURIComponent(id)}`, eventDetail);
    },
    getAvailability(id: string): Promise<CatalogResult<AvailabilityCounts>> {
      return read(`/events/${encodeURIComponent(id)}/availability`, availabilityCounts);
    },
    getSeatMap(id: string): Promise<CatalogResult<SeatMap>> {
      return read(`/events/${encodeURIComponent(id)}/seatmap`, seatMap);
    },
  };
}
export type CatalogClient = ReturnType<typeof createCatalogClient>;

/** What a visitor can search by; dates are ISO instants already in UTC. */
export interface EventSearch {
  q?: string | undefined;
  city?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: string | undefined;
  cursor?: string | undefined;
}
