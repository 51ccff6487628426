import type { APIRoute } from 'astro';
import { reissueTicket } from '../../../../lib/api/admin.ts';
import { isUuid } from '../../../../lib/api/queue.ts';
import { backTo, deskForm, field } from '../../../../lib/desk/desk-form.ts';

/** A ticket's reissue button, as a plain form post with the form's own Idempotency-Key. */
export const POST: APIRoute = async (context) => {
  const { orderId } = context.params;
  if (!isUuid(orderId)) return context.redirect('/admin/orders', 303);
  const page = `/admin/orders/${orderId}`;
  const form = await deskForm(context, 'admin');
  if (form instanceof Response) return form;
  const ticketId = field(form, 'ticketId');
  const reason = field(form, 'reason');
  const key = field(form, 'idempotencyKey');
  if (!reason) return context.redirect(`${page}?problem=no_reason`, 303);
  if (!isUuid(ticketId) || !key) return context.redirect(`${page}?problem=validation_failed`, 303);
  return backTo(context, page, await reissueTicket(context, ticketId, reason, key), 'reissued');
};
