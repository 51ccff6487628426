import type { APIRoute } from 'astro';
import { isOrganizer } from '../../../../lib/auth/roles.ts';
import { siteConfig } from '../../../../lib/config.ts';
import { currentSession } from '../../../../lib/session/session.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The admin API's live dashboard stream, passed through with the organizer's
 * token (a browser's EventSource cannot send one). The browser reconnects on
 * its own; each reconnect gets every drop's current numbers first.
 */
export const GET: APIRoute = async (context) => {
  const session = await currentSession(context.cookies, context.locals.session);
  if (!session || !isOrganizer(session.accessToken)) return new Response(null, { status: 403 });
  const ids = (context.url.searchParams.get('dropIds') ?? '').split(',').filter((id) => uuid.test(id));
  if (ids.length === 0 || ids.length > 20) return new Response(null, { status: 400 });
  const upstream = await fetch(`${siteConfig().ADMIN_URL}/dashboard/stream?dropIds=${ids.join(',')}`, {
    headers: { Authorization: `Bearer ${session.accessToken}`, Accept: 'text/event-stream' },
    signal: context.request.signal,
  }).catch(() => undefined);
  if (!upstream?.ok || !upstream.body) return new Response(null, { status: upstream?.status ?? 503 });
  return new Response(upstream.body, {
    headers: {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    },
  });
};
