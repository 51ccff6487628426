import type { APIRoute } from 'astro';
import { isUuid } from '../../../../lib/api/queue.ts';
import { offerTransfer } from '../../../../lib/api/transfers.ts';
import { signInPath } from '../../../../lib/auth/return-to.ts';
import { transferOutcome } from '../../../../lib/transfer-outcome.ts';

/** The "Transfer" form on My tickets, as a plain form post: offer the ticket to another fan's email. */
export const POST: APIRoute = async (context) => {
  const { ticketId } = context.params;
  if (!isUuid(ticketId)) return context.redirect('/me/tickets', 303);
  const form = await context.request.formData().catch(() => undefined);
  const toEmail = form?.get('toEmail');
  if (typeof toEmail !== 'string' || toEmail.trim() === '') {
    return context.redirect('/me/tickets?problem=transfer_email_invalid', 303);
  }
  const answer = await offerTransfer(context, ticketId, toEmail.trim());
  if (answer.kind === 'signed_out') return context.redirect(signInPath('/me/tickets'), 303);
  return context.redirect(transferOutcome(answer, 'offered'), 303);
};
