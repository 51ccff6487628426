import { z } from 'zod';
import { callApi, type ApiAnswer, type FanContext } from './client.ts';
import { parsed } from './booking.ts';

/** The events an admin may cancel, as the back office lists them (every organizer's). */
export const deskEvent = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['draft', 'published', 'on_sale', 'ended', 'cancelled']),
  venue: z.object({ name: z.string(), city: z.string(), timezone: z.string() }),
  startsAt: z.string(),
  seatMap: z.object({ seats: z.number().int(), heldOrSold: z.number().int() }),
  drops: z.number().int(),
});
export type DeskEvent = z.infer<typeof deskEvent>;

/** `POST /events/:id/cancel`'s answer: where the cancellation stands (asking again answers the same). */
export const cancellation = z.object({
  eventId: z.string(),
  status: z.literal('cancelled'),
  cancelledAt: z.string(),
  cancelledBy: z.string(),
  reason: z.string(),
  dropIds: z.array(z.string()),
  orders: z.object({ refunded: z.number().int(), left: z.number().int() }),
});
export type Cancellation = z.infer<typeof cancellation>;

export async function listDeskEvents(context: FanContext): Promise<ApiAnswer<{ events: DeskEvent[] }>> {
  return parsed(await callApi(context, 'admin', '/events'), z.object({ events: z.array(deskEvent) }));
}

export async function getDeskEvent(context: FanContext, eventId: string): Promise<ApiAnswer<DeskEvent>> {
  return parsed(await callApi(context, 'admin', `/events/${encodeURIComponent(eventId)}`), deskEvent);
}

export async function cancelDeskEvent(
  context: FanContext,
  eventId: string,
  reason: string,
): Promise<ApiAnswer<Cancellation>> {
  return parsed(
    await callApi(context, 'admin', `/events/${encodeURIComponent(eventId)}/cancel`, {
      method: 'POST',
      body: { reason },
    }),
    cancellation,
  );
}
