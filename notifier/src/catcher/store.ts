import { randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';

export interface CaughtAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** Content-ID of an inline part, without angle brackets. */
  cid: string | null;
  inline: boolean;
  content: Buffer;
}

export interface CaughtMail {
  id: string;
  receivedAt: string;
  /** SMTP envelope: who the server was told to deliver to. */
  envelopeFrom: string | null;
  envelopeTo: string[];
  messageId: string | null;
  from: string;
  to: string;
  subject: string;
  html: string | null;
  text: string | null;
  attachments: CaughtAttachment[];
  raw: Buffer;
}

const addressText = (value: AddressObject | AddressObject[] | undefined): string =>
  value === undefined ? '' : (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');

/** Received mails, newest first, in memory and bounded: a development tool, not a mailbox. */
export function createMailStore(limit = 500) {
  const mails: CaughtMail[] = [];
  const listeners = new Set<(mail: CaughtMail) => void>();

  return {
    async add(raw: Buffer, envelope: { from: string | null; to: string[] }): Promise<CaughtMail> {
      // Keep cid: links as sent, so the page (and tests) see what a mail client would resolve.
      const parsed = await simpleParser(raw, { keepCidLinks: true });
      const mail: CaughtMail = {
        id: randomUUID(),
        receivedAt: new Date().toISOString(),
        envelopeFrom: envelope.from,
        envelopeTo: envelope.to,
        messageId: parsed.messageId ?? null,
        from: addressText(parsed.from),
        to: addressText(parsed.to),
        subject: parsed.subject ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : null,
        text: parsed.text ?? null,
        attachments: parsed.attachments.map((a) => ({
          filename: a.filename ?? 'attachment',
          contentType: a.contentType,
          size: a.size,
          cid: a.contentId ? a.contentId.replace(/^<|>$/g, '') : null,
          inline: a.contentDisposition === 'inline' || a.related === true,
          content: a.content,
        })),
        raw,
      };
      mails.unshift(mail);
      mails.splice(limit);
      for (const listener of listeners) listener(mail);
      return mail;
    },
    list: (): readonly CaughtMail[] => mails,
    get: (id: string): CaughtMail | undefined => mails.find((m) => m.id === id),
    clear(): void {
      mails.length = 0;
    },
    /** Calls `listener` for every mail from now on; returns the unsubscribe. */
    onMail(listener: (mail: CaughtMail) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type MailStore = ReturnType<typeof createMailStore>;
