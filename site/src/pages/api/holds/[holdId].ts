import type { APIRoute } from 'astro';
import { callApi } from '../../../lib/api/client.ts';
import { isUuid } from '../../../lib/api/queue.ts';
import { badRequest, respond } from '../../../lib/api/respond.ts';

/** One of the fan's holds: read it (to pick up where a reload left off) or release it. */
export const GET: APIRoute = async (context) => {
  const { holdId } = context.params;
  if (!isUuid(holdId)) return badRequest();
  return respond(await callApi(context, 'booking', `/holds/${holdId}`));
};

export const DELETE: APIRoute = async (context) => {
  const { holdId } = context.params;
  if (!isUuid(holdId)) return badRequest();
  return respond(await callApi(context, 'booking', `/holds/${holdId}`, { method: 'DELETE' }));
};
