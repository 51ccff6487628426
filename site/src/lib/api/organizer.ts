import type { DesignMap } from '../organizer/design-map.ts';
import { callApi, type ApiAnswer, type FanContext } from './client.ts';

/** The admin API's documents, as far as the organizer's pages read them. */
export interface Venue {
  id: string;
  name: string;
  city: string;
  address: string | null;
  timezone: string;
}

export interface Drop {
  id: string;
  eventId: string;
  name: string;
  size: number;
  releaseRatePerMinute: number;
  maxActive: number;
  holdSeconds: number;
  perUserLimit: number;
  prequeueOpensAt: string | null;
  opensAt: string;
  closesAt: string | null;
  paused: boolean;
  phase: 'scheduled' | 'prequeue' | 'open' | 'paused' | 'closed';
  version: number;
}

export interface OrganizerEvent {
  id: string;
  name: string;
  description: string | null;
  status: 'draft' | 'published' | 'on_sale' | 'ended' | 'cancelled';
  venue: Venue;
  startsAt: string;
  endsAt: string | null;
  version: number;
  seatMap: { priceTiers: number; sections: number; seats: number; heldOrSold: number; editable: boolean };
  drops?: unknown;
}

export const listVenues = (context: FanContext) => callApi<{ venues: Venue[] }>(context, 'admin', '/venues');

export const createVenue = (context: FanContext, body: Record<string, unknown>) =>
  callApi<Venue>(context, 'admin', '/venues', { method: 'POST', body });

export const listEvents = (context: FanContext) => callApi<{ events: OrganizerEvent[] }>(context, 'admin', '/events');

export const createEvent = (context: FanContext, body: Record<string, unknown>) =>
  callApi<OrganizerEvent>(context, 'admin', '/events', { method: 'POST', body });

export function getEvent(context: FanContext, id: string): Promise<ApiAnswer<OrganizerEvent>> {
  return callApi<OrganizerEvent>(context, 'admin', `/events/${encodeURIComponent(id)}`);
}

export function getSeatMap(context: FanContext, id: string): Promise<ApiAnswer<DesignMap>> {
  return callApi<DesignMap>(context, 'admin', `/events/${encodeURIComponent(id)}/seat-map`);
}

/** Changes a draft event's details; the version read with the page guards against a change made since. */
export function updateEvent(context: FanContext, id: string, body: Record<string, unknown>, version: number) {
  return callApi<OrganizerEvent>(context, 'admin', `/events/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body,
    headers: { 'If-Match': `"${version}"` },
  });
}

export function stepEvent(
  context: FanContext,
  id: string,
  step: 'publish' | 'open-sale' | 'end',
): Promise<ApiAnswer<OrganizerEvent>> {
  return callApi<OrganizerEvent>(context, 'admin', `/events/${encodeURIComponent(id)}/${step}`, { method: 'POST' });
}

export function saveSeatMap(context: FanContext, id: string, map: DesignMap, version: number) {
  return callApi<DesignMap>(context, 'admin', `/events/${encodeURIComponent(id)}/seat-map`, {
    method: 'PUT',
    body: map,
    headers: { 'If-Match': `"${version}"` },
  });
}

export function importSeatMapCsv(context: FanContext, id: string, csv: string) {
  return callApi<DesignMap>(context, 'admin', `/events/${encodeURIComponent(id)}/seat-map/csv`, {
    method: 'PUT',
    rawBody: csv,
    headers: { 'Content-Type': 'text/csv' },
  });
}

export const listDrops = (context: FanContext, eventId: string) =>
  callApi<{ drops: Drop[] }>(context, 'admin', `/events/${encodeURIComponent(eventId)}/drops`);

export const createDrop = (context: FanContext, eventId: string, body: Record<string, unknown>) =>
  callApi<Drop>(context, 'admin', `/events/${encodeURIComponent(eventId)}/drops`, { method: 'POST', body });

export const getDrop = (context: FanContext, id: string) =>
  callApi<Drop>(context, 'admin', `/drops/${encodeURIComponent(id)}`);

export const tuneDrop = (context: FanContext, id: string, body: Record<string, unknown>, version: number) =>
  callApi<Drop>(context, 'admin', `/drops/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body,
    headers: { 'If-Match': `"${version}"` },
  });

export const pauseDrop = (context: FanContext, id: string, action: 'pause' | 'resume', version: number) =>
  callApi<Drop>(context, 'admin', `/drops/${encodeURIComponent(id)}/${action}`, {
    method: 'POST',
    headers: { 'If-Match': `"${version}"` },
  });
