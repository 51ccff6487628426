import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Logger, ReminderStore, TicketSigningKey } from '@ticketing/common';
import type { Renderer } from '../mail/render.ts';
import type { SentOnce } from '../mail/sent-once.ts';

/** What every consumer of the notifier works with. */
export interface NotifierContext {
  pool: pg.Pool;
  sentOnce: SentOnce;
  render: Renderer;
  ticketKey: TicketSigningKey;
  reminders: ReminderStore;
  siteUrl: string;
  logger: Logger;
}

export function greeting(name: string | null | undefined): string {
  return name ? `Hello ${name},` : 'Hello,';
}

export function myTicketsUrl(siteUrl: string): string {
  return new URL('/me/tickets', siteUrl).toString();
}

export function eventUrl(siteUrl: string, eventId: string): string {
  return new URL(`/events/${eventId}`, siteUrl).toString();
}

/** The same Message-ID for every delivery of one message to one recipient. */
export function mailMessageId(messageId: string, recipient: string): string {
  const hash = createHash('sha256').update(recipient.trim().toLowerCase()).digest('hex').slice(0, 12);
  return `<${messageId}.${hash}@ticketing.local>`;
}

/**
 * A message that cannot be handled as it is: invalid data, or facts the
 * database does not have (yet). Retried like any failure, then parked with
 * this reason for a person to look at and replay.
 */
export class UnusableMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusableMessageError';
  }
}
