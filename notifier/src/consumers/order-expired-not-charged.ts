import { z } from 'zod';
import { readOrderFacts } from '@ticketing/booking/read-models';
import type { Envelope, MessageHandler } from '@ticketing/common';
import { money, place, venue, when } from '../mail/format.ts';
import { greeting, mailMessageId, myTicketsUrl, UnusableMessageError, type NotifierContext } from './context.ts';

export const handles = 'order.expired_not_charged' as const;

const notCharged = z.object({ orderId: z.uuid(), email: z.string().nullable(), name: z.string().nullable() });

/** The hold ran out before the payment was confirmed: the fan is told they were not charged. */
export function orderExpiredNotChargedHandler(context: NotifierContext): MessageHandler<typeof handles> {
  return async (envelope: Envelope<typeof handles>, { logger }) => {
    const parsed = notCharged.safeParse(envelope.data);
    if (!parsed.success) throw new UnusableMessageError(`invalid ${handles}: ${z.prettifyError(parsed.error)}`);
    const order = await readOrderFacts(context.pool, parsed.data.orderId);
    if (!order) throw new UnusableMessageError(`order ${parsed.data.orderId} is not in the database`);
    const to = parsed.data.email ?? order.email;
    if (!to) return;
    const { html, text } = context.render('order-not-charged', {
      greeting: greeting(parsed.data.name ?? order.name),
      event: { name: order.event.name, when: when(order.event), venue: venue(order.event) },
      seats: order.seats.map((seat) => ({ place: place(seat), price: money(seat.priceCents, order.currency) })),
      orderId: order.orderId,
      myTicketsUrl: myTicketsUrl(context.siteUrl),
    });
    const outcome = await context.sentOnce.send(envelope.id, {
      to,
      subject: `Your order for ${order.event.name} could not be completed: you were not charged`,
      html,
      text,
      attachments: [],
      messageId: mailMessageId(envelope.id, to),
    });
    logger.info({ orderId: order.orderId, outcome }, 'order not charged: mail');
  };
}
