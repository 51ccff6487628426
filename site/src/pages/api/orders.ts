import type { APIRoute } from 'astro';
import { z } from 'zod';
import { callApi } from '../../lib/api/client.ts';
import { badRequest, jsonBody, respond } from '../../lib/api/respond.ts';

/**
 * Turns a hold into an order awaiting payment. The hold id is the
 * idempotency key: pressing the button twice, or retrying after a dropped
 * connection, finds the same order.
 */
export const POST: APIRoute = async (context) => {
  const input = z.object({ holdId: z.uuid() }).safeParse(await jsonBody(context.request));
  if (!input.success) return badRequest();
  return respond(
    await callApi(context, 'booking', '/orders', {
      method: 'POST',
      body: { holdId: input.data.holdId },
      headers: { 'Idempotency-Key': `hold:${input.data.holdId}` },
    }),
    (body) => ({ orderId: (body as { orderId?: unknown }).orderId }),
  );
};
