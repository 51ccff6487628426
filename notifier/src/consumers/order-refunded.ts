import { z } from 'zod';
import { readOrderFacts } from '@ticketing/booking/read-models';
import type { Envelope, MessageHandler } from '@ticketing/common';
import { money, venue, when } from '../mail/format.ts';
import { greeting, mailMessageId, myTicketsUrl, UnusableMessageError, type NotifierContext } from './context.ts';

export const handles = 'order.refunded' as const;

const refunded = z.object({
  orderId: z.uuid(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  refundedCents: z.number().int().nonnegative(),
  ticketIds: z.array(z.string()),
});

/** A full or partial refund: how much, and which tickets stopped working. */
export function orderRefundedHandler(context: NotifierContext): MessageHandler<typeof handles> {
  return async (envelope: Envelope<typeof handles>, { logger }) => {
    const parsed = refunded.safeParse(envelope.data);
    if (!parsed.success) throw new UnusableMessageError(`invalid ${handles}: ${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    const order = await readOrderFacts(context.pool, data.orderId);
    if (!order) throw new UnusableMessageError(`order ${data.orderId} is not in the database`);
    const to = data.email ?? order.email;
    if (!to) return;
    const { html, text } = context.render('order-refunded', {
      greeting: greeting(data.name ?? order.name),
      event: { name: order.event.name, when: when(order.event), venue: venue(order.event) },
      refunded: money(data.refundedCents, order.currency),
      total: money(order.totalCents, order.currency),
      ticketCount: data.ticketIds.length,
      orderId: order.orderId,
      myTicketsUrl: myTicketsUrl(context.siteUrl),
    });
    const outcome = await context.sentOnce.send(envelope.id, {
      to,
      subject: `Your refund for ${order.event.name}`,
      html,
      text,
      attachments: [],
      messageId: mailMessageId(envelope.id, to),
    });
    logger.info({ orderId: order.orderId, outcome }, 'order refunded: mail');
  };
}
