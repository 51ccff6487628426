import type { APIRoute } from 'astro';
import { siteConfig } from '../../../lib/config.ts';
import { calendarFile } from '../../../lib/ics.ts';
import { catalogForRequest } from '../../../lib/request.ts';

/** "Add to calendar": the event as an .ics file, public like the event page. */
export const GET: APIRoute = async ({ params }) => {
  const id = params.id ?? '';
  const event = await catalogForRequest().catalog.getEvent(id);
  if (event.kind === 'not_found') return new Response('This event does not exist.', { status: 404 });
  if (event.kind !== 'ok') return new Response('Please try again in a moment.', { status: 503 });
  const { value } = event;
  const site = siteConfig().SITE_URL;
  const body = calendarFile({
    uid: `${value.id}@${new URL(site).hostname}`,
    name: value.name,
    description: `${value.description}\n\nYour tickets: ${site}/me/tickets`,
    startsAt: value.startsAt,
    endsAt: value.endsAt,
    location: `${value.venue.name}, ${value.venue.address}, ${value.venue.city}`,
    url: `${site}/events/${value.id}`,
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${value.name.replace(/[^\w -]/g, '').trim() || 'event'}.ics"`,
      'Cache-Control': 'public, max-age=300',
    },
  });
};
