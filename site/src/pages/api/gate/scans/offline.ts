import type { APIRoute } from 'astro';
import { offlineUpload } from '@ticketing/common/contracts/gate';
import { callApi } from '../../../../lib/api/client.ts';
import { badRequest, jsonBody, respond } from '../../../../lib/api/respond.ts';

/** Scans a device made without the network, uploaded when it is back; idempotent per device and nonce. */
export const POST: APIRoute = async (context) => {
  const input = offlineUpload.safeParse(await jsonBody(context.request));
  if (!input.success) return badRequest();
  return respond(await callApi(context, 'admin', '/gate/scans/offline', { method: 'POST', body: input.data }));
};
