import { z } from 'zod';
import { readOrderFacts } from '@ticketing/booking/read-models';
import type { Envelope, MessageHandler } from '@ticketing/common';
import { place, venue, when } from '../mail/format.ts';
import { greeting, mailMessageId, myTicketsUrl, UnusableMessageError, type NotifierContext } from './context.ts';

export const handles = 'ticket.transferred' as const;

const transferred = z.object({
  orderId: z.uuid(),
  seatId: z.uuid(),
  ticketId: z.uuid(),
  fromEmail: z.string().nullable(),
  fromName: z.string().nullable(),
  toEmail: z.string(),
  toName: z.string().nullable(),
});

/**
 * Tells the sender that their ticket now belongs to the receiver and their
 * code no longer works. The receiver's new code goes out with the
 * `ticket.reissued` written in the same transaction.
 */
export function ticketTransferredHandler(context: NotifierContext): MessageHandler<typeof handles> {
  return async (envelope: Envelope<typeof handles>, { logger }) => {
    const parsed = transferred.safeParse(envelope.data);
    if (!parsed.success) throw new UnusableMessageError(`invalid ${handles}: ${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    const order = await readOrderFacts(context.pool, data.orderId);
    if (!order) throw new UnusableMessageError(`order ${data.orderId} is not in the database`);
    const seat = order.seats.find((s) => s.seatId === data.seatId);
    if (!seat) throw new UnusableMessageError(`seat ${data.seatId} is not in order ${data.orderId}`);
    const to = data.fromEmail ?? order.email;
    if (!to) return;
    const { html, text } = context.render('ticket-transferred', {
      greeting: greeting(data.fromName ?? order.name),
      event: { name: order.event.name, when: when(order.event), venue: venue(order.event) },
      place: place(seat),
      receiver: data.toName ? `${data.toName} (${data.toEmail})` : data.toEmail,
      ticketId: data.ticketId,
      myTicketsUrl: myTicketsUrl(context.siteUrl),
    });
    const outcome = await context.sentOnce.send(envelope.id, {
      to,
      subject: `Your ticket for ${order.event.name} was transferred`,
      html,
      text,
      attachments: [],
      messageId: mailMessageId(envelope.id, to),
    });
    logger.info({ ticketId: data.ticketId, outcome }, 'ticket transferred: mail to the sender');
  };
}
