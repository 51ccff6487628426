import type { EventFacts, SeatFacts } from '@ticketing/booking/read-models';
import { encodeTicketCode, type TicketSigningKey } from '@ticketing/common';
import { money, place, venue, when } from '../mail/format.ts';
import type { MailAttachment } from '../mail/mailer.ts';
import { ticketsPdf } from '../tickets/pdf.ts';
import { qrPng } from '../tickets/qr.ts';

export interface TicketToMail {
  ticketId: string;
  eventId: string;
  version: number;
  seat: SeatFacts;
}

export interface MailedTicket {
  ticketId: string;
  version: number;
  place: string;
  price: string;
  cid: string;
}

/**
 * The signed QR code of each ticket as an inline PNG, and one PDF with
 * every ticket. The code is the one booking issues: the same key over the
 * same ticket id, event and version gives the same signature.
 */
export async function ticketAttachments(
  tickets: readonly TicketToMail[],
  event: EventFacts,
  currency: string,
  holder: string | null,
  key: TicketSigningKey,
): Promise<{ mailed: MailedTicket[]; attachments: MailAttachment[] }> {
  const rendered = await Promise.all(
    tickets.map(async (ticket) => {
      const code = encodeTicketCode(
        { ticketId: ticket.ticketId, eventId: ticket.eventId, version: ticket.version },
        key,
      );
      return { ticket, qr: await qrPng(code) };
    }),
  );
  const mailed = rendered.map(({ ticket }) => ({
    ticketId: ticket.ticketId,
    version: ticket.version,
    place: place(ticket.seat),
    price: money(ticket.seat.priceCents, currency),
    cid: `ticket-${ticket.ticketId}-v${ticket.version}@ticketing.local`,
  }));
  const pdf = await ticketsPdf(
    rendered.map(({ ticket, qr }, i) => ({
      ticketId: ticket.ticketId,
      version: ticket.version,
      eventName: event.name,
      when: when(event),
      venue: venue(event),
      place: mailed[i]?.place ?? '',
      price: mailed[i]?.price ?? '',
      holder,
      qr,
    })),
  );
  const attachments: MailAttachment[] = rendered.map(({ ticket, qr }, i) => ({
    filename: `ticket-${ticket.ticketId}.png`,
    content: qr,
    contentType: 'image/png',
    cid: mailed[i]?.cid ?? '',
  }));
  attachments.push({ filename: 'tickets.pdf', content: pdf, contentType: 'application/pdf' });
  return { mailed, attachments };
}
