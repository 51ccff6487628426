import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Set for images the HTML shows inline (`<img src="cid:...">`). */
  cid?: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
  /** Stable per message and recipient, so mail clients fold a rare duplicate into one. */
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  verify(): Promise<void>;
  close(): void;
}

/** nodemailer over SMTP. A failed send throws, and the message goes the retry way. */
export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  // The URL carries host, port, security and credentials; the timeouts bound a dead server, and keep a send
  // well inside its sending lease (sent-once.ts), so a slow send is not taken for a dead one and sent twice.
  const settings: SMTPTransport.Options & { url: string } = {
    url: options.smtpUrl,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
  };
  const transport = nodemailer.createTransport(settings);
  return {
    async send(mail) {
      await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: mail.messageId,
        attachments: mail.attachments.map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.contentType,
          ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}),
        })),
      });
    },
    async verify() {
      await transport.verify();
    },
    close: () => transport.close(),
  };
}
