import { z } from 'zod';
import { readOrderFacts } from '@ticketing/booking/read-models';
import type { Envelope, MessageHandler } from '@ticketing/common';
import { place, venue, when } from '../mail/format.ts';
import { greeting, mailMessageId, myTicketsUrl, UnusableMessageError, type NotifierContext } from './context.ts';

export const handles = 'ticket.transfer_offered' as const;

const offered = z.object({
  orderId: z.uuid(),
  seatId: z.uuid(),
  fromName: z.string().nullable(),
  fromEmail: z.string().nullable(),
  toEmail: z.string(),
});

/** Invites the receiver of a transfer to sign in with this address and accept the ticket on My tickets. */
export function ticketTransferOfferedHandler(context: NotifierContext): MessageHandler<typeof handles> {
  return async (envelope: Envelope<typeof handles>, { logger }) => {
    const parsed = offered.safeParse(envelope.data);
    if (!parsed.success) throw new UnusableMessageError(`invalid ${handles}: ${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    const order = await readOrderFacts(context.pool, data.orderId);
    if (!order) throw new UnusableMessageError(`order ${data.orderId} is not in the database`);
    const seat = order.seats.find((s) => s.seatId === data.seatId);
    if (!seat) throw new UnusableMessageError(`seat ${data.seatId} is not in order ${data.orderId}`);
    const sender = data.fromName ?? data.fromEmail ?? 'A fan';
    const { html, text } = context.render('ticket-transfer-offered', {
      greeting: greeting(null),
      sender,
      toEmail: data.toEmail,
      event: { name: order.event.name, when: when(order.event), venue: venue(order.event) },
      place: place(seat),
      myTicketsUrl: myTicketsUrl(context.siteUrl),
    });
    const outcome = await context.sentOnce.send(envelope.id, {
      to: data.toEmail,
      subject: `${sender} sent you a ticket for ${order.event.name}`,
      html,
      text,
      attachments: [],
      messageId: mailMessageId(envelope.id, data.toEmail),
    });
    logger.info({ orderId: data.orderId, outcome }, 'ticket transfer offered: mail to the receiver');
  };
}
