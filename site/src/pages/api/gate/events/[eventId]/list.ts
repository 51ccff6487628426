import type { APIRoute } from 'astro';
import { gateListCursor } from '@ticketing/common/contracts/gate';
import { isUuid } from '../../../../../lib/api/queue.ts';
import { callApi } from '../../../../../lib/api/client.ts';
import { badRequest, respond } from '../../../../../lib/api/respond.ts';

/** The event's signed gate list, whole or its changes since a cursor; the page checks the signature itself. */
export const GET: APIRoute = async (context) => {
  const { eventId } = context.params;
  const since = context.url.searchParams.get('since');
  if (!isUuid(eventId) || (since !== null && !gateListCursor.safeParse(since).success)) return badRequest();
  const suffix = since === null ? '' : `?since=${since}`;
  return respond(await callApi(context, 'admin', `/gate/events/${eventId}/list${suffix}`));
};
