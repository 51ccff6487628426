import { z } from 'zod';
import {
  eventDetail,
  eventPage,
  type EventDetail,
  type EventPage,
  type EventSummary,
} from '@ticketing/common/contracts/event-listing';
import { seatMap, type SeatMap } from '@ticketing/common/contracts/seat-map';

export type { EventDetail, EventPage, EventSummary } from '@ticketing/common/contracts/event-listing';
export type { PriceTier, SeatMap } from '@ticketing/common/contracts/seat-map';
export type DropSchedule = NonNullable<EventSummary['nextDrop']>;
export type EventDrop = EventDetail['drops'][number];

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
