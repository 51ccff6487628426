import type { APIRoute } from 'astro';
import { scanInput } from '@ticketing/common/contracts/gate';
import { callApi } from '../../../lib/api/client.ts';
import { badRequest, jsonBody, respond } from '../../../lib/api/respond.ts';

/** A scan at the door, answered by the platform with the steward's token (role `gate`). */
export const POST: APIRoute = async (context) => {
  const input = scanInput.safeParse(await jsonBody(context.request));
  if (!input.success) return badRequest();
  return respond(await callApi(context, 'admin', '/scans', { method: 'POST', body: input.data }));
};
