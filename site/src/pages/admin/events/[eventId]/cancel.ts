import type { APIRoute } from 'astro';
import { cancelDeskEvent } from '../../../../lib/api/cancellation.ts';
import { isUuid } from '../../../../lib/api/queue.ts';
import { deskForm, field } from '../../../../lib/desk/desk-form.ts';

/**
 * The confirmed cancel form, as a plain form post. Cancelling is idempotent
 * in the back office (the first reason stays, each order is refunded once),
 * so a double click or a resent form answers the same outcome.
 */
export const POST: APIRoute = async (context) => {
  const { eventId } = context.params;
  if (!isUuid(eventId)) return context.redirect('/admin/events', 303);
  const page = `/admin/events/${eventId}`;
  const form = await deskForm(context, 'admin');
  if (form instanceof Response) return form;
  const reason = field(form, 'reason');
  if (!reason) return context.redirect(`${page}?problem=no_reason`, 303);
  const answer = await cancelDeskEvent(context, eventId, reason);
  if (answer.kind === 'ok') {
    const { refunded, left } = answer.body.orders;
    return context.redirect(`${page}?done=cancelled&refunded=${refunded}&left=${left}`, 303);
  }
  const problem = answer.kind === 'problem' ? answer.code : answer.kind;
  return context.redirect(`${page}?problem=${encodeURIComponent(problem)}`, 303);
};
