import type { APIRoute } from 'astro';
import { z } from 'zod';
import { callApi } from '../../lib/api/client.ts';
import { badRequest, jsonBody, respond } from '../../lib/api/respond.ts';

const holdRequest = z.union([
  z.object({
    eventId: z.uuid(),
    dropId: z.uuid(),
    admissionToken: z.string().min(1).max(4096),
    seatIds: z.array(z.uuid()).min(1).max(50),
  }),
  z.object({
    eventId: z.uuid(),
    dropId: z.uuid(),
    admissionToken: z.string().min(1).max(4096),
    sectionId: z.uuid(),
    quantity: z.number().int().min(1).max(50),
  }),
]);

/** Holds the chosen seats (or general admission places) with the fan's admission token. */
export const POST: APIRoute = async (context) => {
  const input = holdRequest.safeParse(await jsonBody(context.request));
  if (!input.success) return badRequest();
  const { admissionToken, ...body } = input.data;
  return respond(
    await callApi(context, 'booking', '/holds', {
      method: 'POST',
      body,
      headers: { 'Admission-Token': admissionToken },
    }),
  );
};
