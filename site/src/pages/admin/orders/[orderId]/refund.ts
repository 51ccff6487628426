import type { APIRoute } from 'astro';
import { refundOrder } from '../../../../lib/api/admin.ts';
import { isUuid } from '../../../../lib/api/queue.ts';
import { backTo, deskForm, field } from '../../../../lib/desk/desk-form.ts';

/**
 * The refund form, as a plain form post: the form's key goes to the back
 * office as the Idempotency-Key, so a double click or a resent form
 * refunds once and both answers say the same.
 */
export const POST: APIRoute = async (context) => {
  const { orderId } = context.params;
  if (!isUuid(orderId)) return context.redirect('/admin/orders', 303);
  const page = `/admin/orders/${orderId}`;
  const form = await deskForm(context, 'admin');
  if (form instanceof Response) return form;
  const reason = field(form, 'reason');
  const key = field(form, 'idempotencyKey');
  if (!reason) return context.redirect(`${page}?problem=no_reason`, 303);
  if (!key) return context.redirect(`${page}?problem=validation_failed`, 303);
  const chosen = form.getAll('ticketId').filter((v): v is string => typeof v === 'string' && isUuid(v));
  const whole = field(form, 'scope') !== 'tickets';
  if (!whole && chosen.length === 0) return context.redirect(`${page}?problem=no_tickets_chosen`, 303);
  const answer = await refundOrder(
    context,
    orderId,
    { ...(whole ? {} : { ticketIds: chosen }), returnSeats: field(form, 'returnSeats') !== 'no', reason },
    key,
  );
  return backTo(context, page, answer, 'refunded');
};
