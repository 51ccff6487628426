import { z } from 'zod';
import { baseConfig, createLogger, loadConfig, port, shutdownOnSignals } from '@ticketing/common';
import { startMailCatcher } from './catcher/app.ts';

/**
 * Development mail catcher: every mail sent to its SMTP port is kept in
 * memory and shown on its web page, tickets and QR codes included. It
 * accepts anything from anyone, so it refuses to run in production and
 * listens on loopback unless told otherwise.
 */
const config = loadConfig('mail-catcher', {
  ...baseConfig,
  // SMTP port the notifier sends to in development
  MAIL_SMTP_PORT: port(1025),
  // port of the web page listing the mails
  MAIL_UI_PORT: port(1080),
  // interface both listen on
  MAIL_CATCHER_HOST: z.string().min(1).default('127.0.0.1'),
});
const logger = createLogger('mail-catcher', config.LOG_LEVEL);
if (config.NODE_ENV === 'production') {
  logger.fatal('the mail catcher is a development tool and does not run in production');
  process.exit(78);
}
const catcher = await startMailCatcher({
  smtpPort: config.MAIL_SMTP_PORT,
  httpPort: config.MAIL_UI_PORT,
  host: config.MAIL_CATCHER_HOST,
  logger,
});
catcher.store.onMail((mail) => logger.info({ to: mail.to, subject: mail.subject }, 'mail caught'));
shutdownOnSignals(logger, [{ name: 'mail-catcher', close: () => catcher.close() }]);
logger.info(
  { smtp: `smtp://${config.MAIL_CATCHER_HOST}:${catcher.smtp.port}`, web: catcher.http.url },
  'mail catcher listening',
);
