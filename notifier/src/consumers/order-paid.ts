import { z } from 'zod';
import { readOrderFacts } from '@ticketing/booking/read-models';
import type { Envelope, MessageHandler } from '@ticketing/common';
import { money, venue, when } from '../mail/format.ts';
import { greeting, mailMessageId, myTicketsUrl, UnusableMessageError, type NotifierContext } from './context.ts';
import { ticketAttachments } from './ticket-attachments.ts';

export const handles = 'order.paid' as const;

const orderPaid = z.object({
  orderId: z.uuid(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  tickets: z
    .array(z.object({ ticketId: z.uuid(), seatId: z.uuid(), eventId: z.uuid(), version: z.number().int().min(1) }))
    .min(1),
});

/** The confirmation: one inline QR code per ticket and a PDF with them all. */
export function orderPaidHandler(context: NotifierContext): MessageHandler<typeof handles> {
  return async (envelope: Envelope<typeof handles>, { logger }) => {
    const parsed = orderPaid.safeParse(envelope.data);
    if (!parsed.success) throw new UnusableMessageError(`invalid order.paid: ${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    const order = await readOrderFacts(context.pool, data.orderId);
    if (!order) throw new UnusableMessageError(`order ${data.orderId} is not in the database`);
    const to = data.email ?? order.email;
    if (!to) {
      logger.info({ orderId: data.orderId }, 'order paid: the fan left no email address; nothing to send');
      return;
    }
    const seats = new Map(order.seats.map((seat) => [seat.seatId, seat]));
    const tickets = data.tickets.map((ticket) => {
      const seat = seats.get(ticket.seatId);
      if (!seat)
        throw new UnusableMessageError(`ticket ${ticket.ticketId} is for seat ${ticket.seatId}, not in the order`);
      return { ...ticket, seat };
    });
    const name = data.name ?? order.name;
    const { mailed, attachments } = await ticketAttachments(
      tickets,
      order.event,
      order.currency,
      name,
      context.ticketKey,
    );
    const { html, text } = context.render('order-paid', {
      greeting: greeting(name),
      event: { name: order.event.name, when: when(order.event), venue: venue(order.event) },
      tickets: mailed,
      total: money(order.totalCents, order.currency),
      orderId: order.orderId,
      myTicketsUrl: myTicketsUrl(context.siteUrl),
    });
    const outcome = await context.sentOnce.send(envelope.id, {
      to,
      subject: `Your tickets for ${order.event.name}`,
      html,
      text,
      attachments,
      messageId: mailMessageId(envelope.id, to),
    });
    logger.info({ orderId: order.orderId, tickets: mailed.length, outcome }, 'order paid: confirmation mail');
  };
}
