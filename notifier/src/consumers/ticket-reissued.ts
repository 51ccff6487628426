import { z } from 'zod';
import { readOrderFacts } from '@ticketing/booking/read-models';
import type { Envelope, MessageHandler } from '@ticketing/common';
import { venue, when } from '../mail/format.ts';
import { greeting, mailMessageId, myTicketsUrl, UnusableMessageError, type NotifierContext } from './context.ts';
import { ticketAttachments } from './ticket-attachments.ts';

export const handles = 'ticket.reissued' as const;

const reissued = z.object({
  ticketId: z.uuid(),
  orderId: z.uuid(),
  seatId: z.uuid(),
  eventId: z.uuid(),
  version: z.number().int().min(1),
  previousVersion: z.number().int().min(1),
  email: z.string().nullable(),
  /** The holder's name when it is not the order's buyer (a transferred ticket). */
  name: z.string().nullable().optional(),
});

/** A reissued ticket: the new QR code inline and as a PDF; the old code is void. */
export function ticketReissuedHandler(context: NotifierContext): MessageHandler<typeof handles> {
  return async (envelope: Envelope<typeof handles>, { logger }) => {
    const parsed = reissued.safeParse(envelope.data);
    if (!parsed.success) throw new UnusableMessageError(`invalid ${handles}: ${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    const order = await readOrderFacts(context.pool, data.orderId);
    if (!order) throw new UnusableMessageError(`order ${data.orderId} is not in the database`);
    const seat = order.seats.find((s) => s.seatId === data.seatId);
    if (!seat) throw new UnusableMessageError(`seat ${data.seatId} is not in order ${data.orderId}`);
    const to = data.email ?? order.email;
    if (!to) return;
    const holderName = data.name === undefined ? order.name : data.name;
    const { mailed, attachments } = await ticketAttachments(
      [{ ticketId: data.ticketId, eventId: data.eventId, version: data.version, seat }],
      order.event,
      order.currency,
      holderName,
      context.ticketKey,
    );
    const { html, text } = context.render('ticket-reissued', {
      greeting: greeting(holderName),
      event: { name: order.event.name, when: when(order.event), venue: venue(order.event) },
      ticket: { ...mailed[0], previousVersion: data.previousVersion },
      myTicketsUrl: myTicketsUrl(context.siteUrl),
    });
    const outcome = await context.sentOnce.send(envelope.id, {
      to,
      subject: `Your new ticket for ${order.event.name}`,
      html,
      text,
      attachments,
      messageId: mailMessageId(envelope.id, to),
    });
    logger.info({ ticketId: data.ticketId, version: data.version, outcome }, 'ticket reissued: mail');
  };
}
