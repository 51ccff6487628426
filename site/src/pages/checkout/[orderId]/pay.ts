import type { APIRoute } from 'astro';
import { confirmDevPayment, getOrder } from '../../../lib/api/booking.ts';
import { isUuid } from '../../../lib/api/queue.ts';
import { signInPath } from '../../../lib/auth/return-to.ts';

/**
 * The development gateway's card form, as a plain form post (no script
 * needed): the booking core decides in one transaction whether the seats
 * are still the fan's, and the result page says what happened.
 */
export const POST: APIRoute = async (context) => {
  const { orderId } = context.params;
  if (!isUuid(orderId)) return context.redirect('/', 303);
  const checkout = `/checkout/${orderId}`;
  const order = await getOrder(context, orderId);
  if (order.kind === 'signed_out') return context.redirect(signInPath(checkout), 303);
  if (order.kind !== 'ok') {
    return context.redirect(`${checkout}?problem=${order.kind === 'problem' ? order.code : 'unreachable'}`, 303);
  }
  const payment = order.body.payment;
  if (order.body.status !== 'pending_payment' || payment?.provider !== 'dev') {
    return context.redirect(`/orders/${orderId}`, 303);
  }
  const confirmed = await confirmDevPayment(context, payment.paymentId);
  if (confirmed.kind === 'ok') return context.redirect(`/orders/${orderId}`, 303);
  if (confirmed.kind === 'signed_out') return context.redirect(signInPath(checkout), 303);
  return context.redirect(`${checkout}?problem=${confirmed.kind === 'problem' ? confirmed.code : 'unreachable'}`, 303);
};
