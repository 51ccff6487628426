import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { CaughtMail, MailStore } from './store.ts';

export interface CatcherSmtpOptions {
  /**
   * Runs after a mail is stored and before the server answers for it: a
   * test stages here what happens between a server taking a mail and the
   * sender hearing so (a sender killed in that window).
   */
  beforeAnswer?: (mail: CaughtMail) => Promise<void>;
}

export interface CatcherSmtp {
  port: number;
  close(): Promise<void>;
}

/**
 * An SMTP server that accepts every mail, without TLS or authentication,
 * and keeps it in the store. For development and tests only.
 */
export async function startCatcherSmtp(
  store: MailStore,
  port: number,
  host = '127.0.0.1',
  options: CatcherSmtpOptions = {},
): Promise<CatcherSmtp> {
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        store
          .add(Buffer.concat(chunks), envelope)
          .then((mail) => options.beforeAnswer?.(mail))
          .then(
            () => callback(),
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
