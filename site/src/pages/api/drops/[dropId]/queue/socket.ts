import type { APIRoute } from 'astro';
import { isUuid } from '../../../../../lib/api/queue.ts';
import { badRequest, respond } from '../../../../../lib/api/respond.ts';
import { publicWaitingRoomSocketUrl, siteConfig } from '../../../../../lib/config.ts';
import { currentSession } from '../../../../../lib/session/session.ts';

/**
 * What the line page needs to open the waiting room's WebSocket. A browser
 * cannot set headers on a socket, so the waiting room takes the access
 * token as a subprotocol; this hands the page a current one, for that
 * socket only. The refresh token never leaves the server. Same-origin
 * only: without CORS no other site can read this answer.
 */
export const GET: APIRoute = async ({ params, cookies, locals, request }) => {
  const { dropId } = params;
  if (!isUuid(dropId)) return badRequest();
  // Browsers say where a request comes from; only this site's own pages get a token.
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') return badRequest();
  const session = await currentSession(cookies, locals.session);
  if (!session) return respond({ kind: 'signed_out' });
  return Response.json(
    {
      url: `${publicWaitingRoomSocketUrl(siteConfig())}/drops/${dropId}/queue/ws`,
      protocols: ['queue.v1', `bearer.${session.accessToken}`],
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
};
