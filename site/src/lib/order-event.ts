import type { Order } from './api/booking.ts';
import { catalogForRequest } from './request.ts';

/** The time zone an order's event is shown in: its venue's, from the catalog, or UTC said as such. */
export async function eventTimeZone(eventId: string): Promise<string> {
  const event = await catalogForRequest().catalog.getEvent(eventId);
  return event.kind === 'ok' ? event.value.venue.timezone : 'UTC';
}

export function seatText(item: Pick<Order['items'][number], 'section' | 'row' | 'seat'>): string {
  return item.row ? `${item.section}, row ${item.row}, seat ${item.seat}` : `${item.section}, standing (${item.seat})`;
}
