import type { APIRoute } from 'astro';
import { badRequest, respond } from '../../../../lib/api/respond.ts';
import { isUuid, joinLine, myPlace } from '../../../../lib/api/queue.ts';

/** The fan's place in the line: read it (the polling fallback, which also counts as a heartbeat) or join. */
export const GET: APIRoute = async (context) => {
  const { dropId } = context.params;
  if (!isUuid(dropId)) return badRequest();
  return respond(await myPlace(context, dropId));
};

export const POST: APIRoute = async (context) => {
  const { dropId } = context.params;
  if (!isUuid(dropId)) return badRequest();
  return respond(await joinLine(context, dropId));
};
