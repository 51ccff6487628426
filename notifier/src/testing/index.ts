/* The notifier's test kit for other workspaces' tests: the development mail catcher, to receive what it sends. */
export { startCatcherSmtp, type CatcherSmtp } from '../catcher/smtp.ts';
export { createMailStore, type CaughtMail, type MailStore } from '../catcher/store.ts';
