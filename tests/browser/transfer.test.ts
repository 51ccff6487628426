import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { verifyTicketCode } from '@ticketing/common';
import { loadTestEmail } from '@ticketing/identity';
import { cleanupStack } from '../e2e/support/cleanup.ts';
import { decodeQr } from '../e2e/support/mail.ts';
import { inspect, launchChromium, openContext, signInAt, type AxeViolation } from './support/browser.ts';
import { apiFan, loadTestName } from './support/fans.ts';
import { buyThroughApi } from './support/purchases.ts';
import { createSale, type Sale } from './support/sales.ts';
import { startStack, type Stack } from './support/stack.ts';

/*
 * A fan transfers a ticket from My tickets to another fan's email; the
 * receiver accepts it from their own My tickets and sees it with a new QR
 * code, while the sender's page no longer lists it. The whole platform runs
 * as `npm start` starts it; every page is photographed and checked with axe-core.
 */

const cleanup = cleanupStack();
const checked = new Map<string, AxeViolation[]>();
let stack: Stack;
let browser: Browser;
let sale: Sale;

beforeAll(async () => {
  stack = await startStack('browser_transfer', cleanup, async (databaseUrl) => {
    const setup = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      sale = await createSale(setup, { name: 'Passing It On', rows: 1, seatsPerRow: 4, releaseRatePerMinute: 600 });
    } finally {
      await setup.end();
    }
  });
  browser = await launchChromium();
  cleanup.add('browser', () => browser.close());
}, 240_000);

afterAll(async () => {
  await cleanup.run();
}, 60_000);

const site = (path: string) => `${stack.urls.site}${path}`;

async function signedInAtMyTickets(page: Page, n: number): Promise<void> {
  await page.goto(site('/me/tickets'));
  await page.waitForURL(/login-actions/);
  await signInAt(page, loadTestName(n), 'loadtest');
  await page.waitForURL(/\/me\/tickets$/);
}

test('a fan transfers a ticket and the receiver sees it in My tickets with a new QR code', async () => {
  const sender = await apiFan(stack.issuer, 41);
  await buyThroughApi(stack.urls, sender, sale, [sale.seats[0]!.id]);

  const from = await openContext(browser);
  await signedInAtMyTickets(from.page, 41);
  const card = from.page.locator('[data-ticket]');
  await expect(card.count()).resolves.toBe(1);
  const ticketId = (await card.getAttribute('data-ticket')) ?? '';
  const oldCode = decodeQr(await card.locator('[data-qr]').screenshot()) ?? '';
  expect(verifyTicketCode(oldCode, stack.ticketKeys)).toMatchObject({ ok: true, claims: { ticketId, version: 1 } });

  // A wrong address is refused in words, and nothing is sent.
  await card.getByText('Transfer', { exact: true }).click();
  await card.getByLabel("Receiver's email").fill(loadTestEmail(41));
  await card.getByRole('button', { name: 'Send ticket' }).click();
  await from.page.getByText('That is your own email address').waitFor();

  await card.getByText('Transfer', { exact: true }).click();
  await card.getByLabel("Receiver's email").fill(loadTestEmail(42));
  await inspect(from.page, 'transfer-form', checked);
  await card.getByRole('button', { name: 'Send ticket' }).click();
  await from.page.getByText('Ticket sent. It stays yours until the receiver accepts it.').waitFor();
  await from.page.locator(`[data-ticket="${ticketId}"] [data-pending-transfer]`).waitFor();
  await inspect(from.page, 'transfer-pending', checked);

  const to = await openContext(browser);
  await signedInAtMyTickets(to.page, 42);
  const incoming = to.page.locator('[data-incoming-transfers]');
  await incoming.getByText('Passing It On').waitFor();
  await inspect(to.page, 'transfer-incoming', checked);
  await incoming.getByRole('button', { name: 'Accept ticket' }).click();
  await to.page.getByText('The ticket is yours.').waitFor();
  const received = to.page.locator(`[data-ticket="${ticketId}"]`);
  await expect(received.getAttribute('data-version')).resolves.toBe('2');
  const newCode = decodeQr(await received.locator('[data-qr]').screenshot()) ?? '';
  expect(newCode).not.toBe(oldCode);
  expect(verifyTicketCode(newCode, stack.ticketKeys)).toMatchObject({ ok: true, claims: { ticketId, version: 2 } });
  expect(await to.page.locator('[data-incoming-transfers]').count()).toBe(0);
  await inspect(to.page, 'transfer-received', checked);

  // The sender's page no longer lists the ticket.
  await from.page.reload();
  await expect(from.page.locator(`[data-ticket="${ticketId}"]`).count()).resolves.toBe(0);

  expect(from.errors).toEqual([]);
  expect(to.errors).toEqual([]);
  expect([...checked.values()].flat()).toEqual([]);
  await from.context.close();
  await to.context.close();
}, 180_000);
