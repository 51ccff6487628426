import { z } from 'zod';
import {
  createApp,
  createMetrics,
  defineRoute,
  listen,
  mountRoutes,
  notFound,
  type Logger,
  type RunningServer,
} from '@ticketing/common';
import { listPage, mailPage } from './pages.ts';
import { startCatcherSmtp, type CatcherSmtp, type CatcherSmtpOptions } from './smtp.ts';
import { createMailStore, type MailStore } from './store.ts';

export interface MailCatcher {
  store: MailStore;
  smtp: CatcherSmtp;
  http: RunningServer;
  close(): Promise<void>;
}

const html = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
const mailParams = z.object({ id: z.uuid() });

function routes(store: MailStore) {
  const mailOf = (id: string) => {
    const mail = store.get(id);
    if (!mail) throw notFound('mail_not_found', 'No such mail (the catcher keeps the latest 500 in memory)');
    return mail;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/',
      access: 'public',
      output: { 200: z.string() },
      handler: async () => ({ status: 200, body: listPage(store.list()), headers: html }),
    }),
    defineRoute({
      method: 'get',
      path: '/mails',
      access: 'public',
      output: {
        200: z.array(
          z.object({
            id: z.string(),
            receivedAt: z.string(),
            to: z.string(),
            subject: z.string(),
            attachments: z.number(),
          }),
        ),
      },
      handler: async () => ({
        status: 200,
        body: store.list().map((m) => ({ ...m, attachments: m.attachments.length })),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/mails',
      access: 'public',
      output: { 204: null },
      handler: async () => {
        store.clear();
        return { status: 204, body: undefined };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/mails/:id',
      access: 'public',
      input: { params: mailParams },
      output: { 200: z.string() },
      handler: async ({ input }) => ({ status: 200, body: mailPage(mailOf(input.params.id)), headers: html }),
    }),
    defineRoute({
      method: 'get',
      path: '/mails/:id/raw',
      access: 'public',
      input: { params: mailParams },
      output: { 200: z.instanceof(Buffer) },
      handler: async ({ input }) => ({
        status: 200,
        body: mailOf(input.params.id).raw,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/mails/:id/attachments/:index',
      access: 'public',
      input: { params: mailParams.extend({ index: z.coerce.number().int().nonnegative() }) },
      output: { 200: z.instanceof(Buffer) },
      handler: async ({ input }) => {
        const attachment = mailOf(input.params.id).attachments[input.params.index];
        if (!attachment) throw notFound('attachment_not_found', 'The mail has no attachment with this number');
        return {
          status: 200,
          body: attachment.content,
          headers: {
            'Content-Type': attachment.contentType,
            'Content-Disposition': `${attachment.inline ? 'inline' : 'attachment'}; filename="${attachment.filename.replace(/["\\\r\n]/g, '_')}"`,
          },
        };
      },
    }),
  ];
}

/** The development mail catcher: SMTP in, a small web page out. */
export async function startMailCatcher(options: {
  smtpPort: number;
  httpPort: number;
  host?: string;
  logger: Logger;
  smtp?: CatcherSmtpOptions;
}): Promise<MailCatcher> {
  const store = createMailStore();
  const host = options.host ?? '127.0.0.1';
  const smtp = await startCatcherSmtp(store, options.smtpPort, host, options.smtp);
  const { app, router } = createApp({
    service: 'mail-catcher',
    logger: options.logger,
    metrics: createMetrics('mail-catcher', { defaults: false }),
  });
  mountRoutes(router, routes(store));
  const http = await listen(app, options.httpPort, host);
  return {
    store,
    smtp,
    http,
    async close() {
      await http.close(1_000);
      await smtp.close();
    },
  };
}
