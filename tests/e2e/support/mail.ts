import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { startCatcherSmtp } from '@ticketing/notifier/testing';
import { createMailStore, type MailStore } from '@ticketing/notifier/testing';
import type { CleanupStack } from './cleanup.ts';

/** A real SMTP server (smtp-server) on a free port, keeping every mail it receives, parsed. */
export interface Inbox {
  smtpUrl: string;
  store: MailStore;
}

export async function startInbox(cleanup: CleanupStack): Promise<Inbox> {
  const store = createMailStore();
  const smtp = await startCatcherSmtp(store, 0);
  cleanup.add('smtp server', () => smtp.close());
  return { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, store };
}

/** The text a QR code image holds, as a gate's scanner would read it. */
export function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  // jsqr is CommonJS with a `default` member, which is what its types describe.
  return jsqr.default(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
