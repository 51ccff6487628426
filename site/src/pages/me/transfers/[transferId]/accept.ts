import type { APIRoute } from 'astro';
import { isUuid } from '../../../../lib/api/queue.ts';
import { decideTransfer } from '../../../../lib/api/transfers.ts';
import { signInPath } from '../../../../lib/auth/return-to.ts';
import { transferOutcome } from '../../../../lib/transfer-outcome.ts';

/** The receiver takes a ticket sent to them (a plain form post from My tickets). */
export const POST: APIRoute = async (context) => {
  const { transferId } = context.params;
  if (!isUuid(transferId)) return context.redirect('/me/tickets', 303);
  const answer = await decideTransfer(context, transferId, 'accept');
  if (answer.kind === 'signed_out') return context.redirect(signInPath('/me/tickets'), 303);
  return context.redirect(transferOutcome(answer, 'accepted'), 303);
};
