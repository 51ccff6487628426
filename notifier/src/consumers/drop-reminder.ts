import { z } from 'zod';
import { readEventFacts } from '@ticketing/booking/read-models';
import type { Envelope, MessageHandler } from '@ticketing/common';
import { venue, when } from '../mail/format.ts';
import {
  eventUrl,
  greeting,
  mailMessageId,
  myTicketsUrl,
  UnusableMessageError,
  type NotifierContext,
} from './context.ts';

export const handles = 'drop.reminder_due' as const;

const reminderDue = z.object({
  dropId: z.uuid(),
  eventId: z.uuid(),
  dropName: z.string(),
  opensAt: z.iso.datetime({ offset: true }),
});

/**
 * Mails every fan who asked to be reminded of this drop. One message, many
 * recipients: if sending stops halfway the message is retried, and the
 * fans already mailed are skipped by their sent records.
 */
export function dropReminderHandler(context: NotifierContext): MessageHandler<typeof handles> {
  return async (envelope: Envelope<typeof handles>, { logger }) => {
    const parsed = reminderDue.safeParse(envelope.data);
    if (!parsed.success) throw new UnusableMessageError(`invalid ${handles}: ${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    const event = await readEventFacts(context.pool, data.eventId);
    if (!event) throw new UnusableMessageError(`event ${data.eventId} is not in the database`);
    const opensAt = when({ ...event, startsAt: new Date(data.opensAt) });
    let sent = 0;
    for (const fan of await context.reminders.subscribers(data.dropId)) {
      const { html, text } = context.render('drop-reminder', {
        greeting: greeting(fan.name),
        event: { name: event.name, when: when(event), venue: venue(event) },
        dropName: data.dropName,
        opensAt,
        eventUrl: eventUrl(context.siteUrl, event.id),
        myTicketsUrl: myTicketsUrl(context.siteUrl),
      });
      const outcome = await context.sentOnce.send(envelope.id, {
        to: fan.email,
        subject: `Tickets for ${event.name} go on sale soon`,
        html,
        text,
        attachments: [],
        messageId: mailMessageId(envelope.id, fan.email),
      });
      if (outcome === 'sent') sent += 1;
    }
    logger.info({ dropId: data.dropId, sent }, 'drop reminder: mails');
  };
}
