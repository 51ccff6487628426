import type { APIRoute } from 'astro';
import { siteConfig } from '../../../../lib/config.ts';
import { isOrganizer } from '../../../../lib/auth/roles.ts';
import { currentSession } from '../../../../lib/session/session.ts';

/** The event's seat map as CSV, fetched with the organizer's token and handed over as a download. */
export const GET: APIRoute = async (context) => {
  const session = await currentSession(context.cookies, context.locals.session);
  if (!session || !isOrganizer(session.accessToken)) {
    return new Response('Sign in as an organizer to download seat maps.', { status: 403 });
  }
  const id = context.params.id ?? '';
  try {
    const upstream = await fetch(`${siteConfig().ADMIN_URL}/events/${encodeURIComponent(id)}/seat-map/csv`, {
      headers: { Authorization: `Bearer ${session.accessToken}`, Accept: 'text/csv' },
      signal: AbortSignal.timeout(siteConfig().API_TIMEOUT_MS),
    });
    if (!upstream.ok) return new Response('That seat map could not be exported.', { status: upstream.status });
    return new Response(await upstream.text(), {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="seat-map-${id}.csv"`,
        'Cache-Control': 'private, no-store',
      },
    });
  } catch {
    return new Response('The organizer service is not answering right now.', { status: 503 });
  }
};
