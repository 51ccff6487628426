import type { APIRoute } from 'astro';
import { callApi } from '../../../lib/api/client.ts';
import { respond } from '../../../lib/api/respond.ts';

/** The ticket keys' public halves: the scanner checks codes and gate lists with them offline. */
export const GET: APIRoute = async (context) => respond(await callApi(context, 'admin', '/gate/keys'));
