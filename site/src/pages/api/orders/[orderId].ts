import type { APIRoute } from 'astro';
import { getOrder } from '../../../lib/api/booking.ts';
import { isUuid } from '../../../lib/api/queue.ts';
import { badRequest, respond } from '../../../lib/api/respond.ts';

/** An order's status, for the result page while a card payment is being confirmed. */
export const GET: APIRoute = async (context) => {
  const { orderId } = context.params;
  if (!isUuid(orderId)) return badRequest();
  return respond(await getOrder(context, orderId), (body) => ({ status: (body as { status: string }).status }));
};
