import type { ApiAnswer, FanContext } from '../api/client.ts';
import { listVenues, updateEvent, type OrganizerEvent } from '../api/organizer.ts';
import { formText } from './form-text.ts';
import { localInputToIso } from './local-time.ts';

/**
 * The draft event's details form as a PATCH: every field is sent as it
 * stands (the API writes only what differs), times are read in the zone of
 * the venue chosen, an emptied end time clears it. A time the browser could
 * not read is passed on as typed, so the API reports it with the other
 * fields.
 */
export async function editEvent(
  context: FanContext,
  eventId: string,
  form: FormData,
  version: number,
): Promise<ApiAnswer<OrganizerEvent>> {
  const venueId = formText(form, 'venueId');
  const venues = await listVenues(context);
  // Without the venue's zone the times cannot be read: nothing is changed.
  if (venues.kind !== 'ok') return venues;
  const zone = venues.body.venues.find((v) => v.id === venueId)?.timezone ?? 'UTC';
  const time = (name: string) => localInputToIso(formText(form, name), zone) ?? formText(form, name);
  return updateEvent(
    context,
    eventId,
    {
      venueId,
      name: formText(form, 'name'),
      description: formText(form, 'description'),
      startsAt: time('startsAt'),
      endsAt: formText(form, 'endsAt') === '' ? null : time('endsAt'),
    },
    version,
  );
}
