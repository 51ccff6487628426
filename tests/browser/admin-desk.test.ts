import type { Browser, Page } from 'playwright-core';
import pg from 'pg';
import { passwordGrant } from '@ticketing/identity';
import { cleanupStack } from '../e2e/support/cleanup.ts';
import { inspect, launchChromium, openContext, signInAt, type AxeViolation } from './support/browser.ts';
import { apiFan, loadTestName } from './support/fans.ts';
import { buyThroughApi } from './support/purchases.ts';
import { createSale, type Sale } from './support/sales.ts';
import { startStack, type Stack } from './support/stack.ts';

/*
 * The admin's desk in the browser against the whole platform: an admin finds
 * a fan's order, refunds it (with a double click), and the seats come back
 * on the storefront's seat map that another fan is looking at. A fan who
 * opens the desk is told they are not allowed. An admin reissues a ticket
 * (its old code is refused at the door) and cancels a whole event (the fan's
 * tickets show refunded).
 */

const cleanup = cleanupStack();
const checked = new Map<string, AxeViolation[]>();
let stack: Stack;
let browser: Browser;
let sale: Sale;
let doomed: Sale;

beforeAll(async () => {
  stack = await startStack('desk', cleanup, async (databaseUrl) => {
    const setup = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      sale = await createSale(setup, { name: 'Refund Rhapsody', rows: 2, seatsPerRow: 6, releaseRatePerMinute: 600 });
      doomed = await createSale(setup, {
        name: 'Cancelled Cantata',
        rows: 1,
        seatsPerRow: 4,
        releaseRatePerMinute: 600,
      });
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

async function admittedToSeats(page: Page, username: string, password: string): Promise<void> {
  await page.goto(site(`/events/${sale.eventId}/drops/${sale.dropId}/line`));
  await page.waitForURL(/login-actions/);
  await signInAt(page, username, password);
  await page.waitForURL(/\/seats$/, { timeout: 30_000 });
  await page.locator('[data-ready="yes"][data-live="yes"]').waitFor();
}

test('an admin refunds an order with a double click: money moves once and the seats return to the seat map', async () => {
  const bought = [sale.seats[1]!, sale.seats[2]!];
  const buyer = await apiFan(stack.issuer, 50);
  const orderId = await buyThroughApi(
    stack.urls,
    buyer,
    sale,
    bought.map((s) => s.id),
  );

  // A fan looks at the seat map: the bought seats are taken.
  const fan = await openContext(browser);
  await admittedToSeats(fan.page, loadTestName(51), 'loadtest');
  for (const seat of bought) {
    await fan.page.locator(`[data-seat="${seat.id}"]:not([data-status="available"])`).waitFor();
  }

  // The same fan may not open the desk, and is told so in words.
  const refused = await fan.page.goto(site('/admin/orders'));
  expect(refused?.status()).toBe(403);
  await fan.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
  await inspect(fan.page, 'desk-not-allowed', checked);
  const gate = await fan.page.goto(site('/gate'));
  expect(gate?.status()).toBe(403);
  await fan.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
  await fan.page.goto(site(`/events/${sale.eventId}/drops/${sale.dropId}/seats`));
  await fan.page.locator('[data-ready="yes"][data-live="yes"]').waitFor();

  // The admin signs in, searches by the order id.
  const admin = await openContext(browser);
  await admin.page.goto(site('/admin/orders'));
  await admin.page.waitForURL(/login-actions/);
  await signInAt(admin.page, 'admin');
  await admin.page.waitForURL((url) => url.pathname === '/admin/orders');
  await admin.page.getByLabel('Order or ticket id, e-mail, or name').fill(orderId);
  await admin.page.getByRole('button', { name: 'Search' }).click();
  await admin.page.locator(`[data-order-id="${orderId}"]`).waitFor();
  await inspect(admin.page, 'desk-orders', checked);
  await admin.page.locator(`[data-order-id="${orderId}"] a`).click();
  await admin.page.waitForURL((url) => url.pathname === `/admin/orders/${orderId}`);
  await admin.page.getByRole('heading', { name: 'Timeline' }).waitFor();
  expect(await admin.page.locator('.timeline [data-kind="order.paid"]').count()).toBe(1);
  await inspect(admin.page, 'desk-order', checked);

  // The whole order, seats back on sale; the button is pressed twice in a row.
  await admin.page.getByLabel('Reason (the audit log keeps it)').fill('The fan cannot come.');
  const key = await admin.page.locator('.refund-form input[name="idempotencyKey"]').inputValue();
  await admin.page.getByRole('button', { name: 'Refund', exact: true }).dblclick();
  await admin.page.locator('[data-state="refunded"]').waitFor();
  await admin.page.locator('[data-state="nothing-to-refund"]').waitFor();
  expect(await admin.page.locator('[data-state="form-problem"]').count()).toBe(0);
  await inspect(admin.page, 'desk-order-refunded', checked);

  // The same form sent once more (a retry after a lost answer) is answered with the same refund.
  const resent = await admin.page.request.post(site(`/admin/orders/${orderId}/refund`), {
    form: { idempotencyKey: key, scope: 'order', returnSeats: 'yes', reason: 'The fan cannot come.' },
    headers: { Origin: stack.urls.site },
  });
  expect(new URL(resent.url()).search).toBe('?done=refunded');

  // The seats come back on the fan's map without a reload.
  for (const seat of bought) {
    await fan.page.locator(`[data-seat="${seat.id}"][data-status="available"]`).waitFor({ timeout: 15_000 });
  }

  // The audit log names the refund once, and exports it as CSV.
  await admin.page.goto(site(`/admin/audit?subjectType=order&subjectId=${orderId}`));
  await admin.page.locator('tr[data-action="order.refunded"]').first().waitFor();
  expect(await admin.page.locator('tr[data-action="order.refunded"]').count()).toBe(1);
  await inspect(admin.page, 'desk-audit', checked);
  const href = await admin.page.getByRole('link', { name: 'Export as CSV' }).getAttribute('href');
  const csv = await admin.page.request.get(site(href!));
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split(/\r?\n/);
  expect(lines[0]).toBe('id,at,actor_id,action,subject_type,subject_id,details');
  expect(lines.filter((line) => line.includes('order.refunded'))).toHaveLength(1);

  // The 403 the fan was meant to get is logged by the browser; nothing else may be.
  const expected = (line: string) => /\/(admin\/orders|gate): Failed to load resource: .* 403/.test(line);
  expect([...fan.errors, ...admin.errors].filter((line) => !expected(line))).toEqual([]);
  expect(Object.fromEntries([...checked].filter(([, v]) => v.length > 0))).toEqual({});
  await fan.context.close();
  await admin.context.close();
}, 120_000);

async function ticketsOf(fan: {
  token: string;
}): Promise<Array<{ ticketId: string; code: string | null; seatId: string; version: number; status: string }>> {
  const response = await fetch(`${stack.urls.booking}/me/tickets`, {
    headers: { Authorization: `Bearer ${fan.token}` },
  });
  expect(response.status).toBe(200);
  return (
    (await response.json()) as {
      tickets: Array<{ ticketId: string; code: string | null; seatId: string; version: number; status: string }>;
    }
  ).tickets;
}

async function signedInAdmin(path: string) {
  const admin = await openContext(browser);
  await admin.page.goto(site(path));
  await admin.page.waitForURL(/login-actions/);
  await signInAt(admin.page, 'admin');
  await admin.page.waitForURL((url) => url.pathname === path);
  return admin;
}

test('an admin reissues a ticket from the order page: the page shows the new version and the old code is refused', async () => {
  const seat = sale.seats[5]!;
  const buyer = await apiFan(stack.issuer, 53);
  const orderId = await buyThroughApi(stack.urls, buyer, sale, [seat.id]);
  const before = (await ticketsOf(buyer)).find((t) => t.seatId === seat.id)!;
  expect(before.version).toBe(1);

  const admin = await signedInAdmin(`/admin/orders/${orderId}`);
  const ticket = admin.page.locator(`li[data-ticket-id="${before.ticketId}"]`);
  await ticket.getByText('version 1').waitFor();
  await ticket.getByLabel('Reason').fill('The fan lost their phone.');
  await ticket.getByRole('button', { name: /Reissue/ }).dblclick();
  await admin.page.locator('[data-state="reissued"]').waitFor();
  await admin.page.locator(`li[data-ticket-id="${before.ticketId}"]`).getByText('version 2').waitFor();
  expect(await admin.page.locator('[data-state="form-problem"]').count()).toBe(0);
  await inspect(admin.page, 'desk-order-reissued', checked);

  // Once, though pressed twice; and the fan holds the new version.
  const after = (await ticketsOf(buyer)).find((t) => t.ticketId === before.ticketId)!;
  expect(after).toMatchObject({ version: 2, status: 'valid' });
  expect(after.code).not.toBe(before.code);

  // At the door the old code answers reissued, the new one admits.
  const steward = await passwordGrant({
    issuer: stack.issuer,
    clientId: 'loadtest',
    username: 'gate',
    password: 'gate',
  });
  const scan = async (code: string) => {
    const response = await fetch(`${stack.urls.admin}/scans`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${steward.access_token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, gateId: 'desk-test', deviceId: 'desk-test-device', nonce: crypto.randomUUID() }),
    });
    return { status: response.status, body: (await response.json()) as { result?: string } };
  };
  expect(await scan(before.code!)).toMatchObject({ status: 200, body: { result: 'reissued' } });
  expect(await scan(after.code!)).toMatchObject({ status: 200, body: { result: 'valid' } });

  expect(admin.errors).toEqual([]);
  expect(Object.fromEntries([...checked].filter(([, v]) => v.length > 0))).toEqual({});
  await admin.context.close();
}, 120_000);

test('an admin cancels an event after confirming: the orders are refunded once and the fan sees it', async () => {
  const buyer = await apiFan(stack.issuer, 54);
  const orderId = await buyThroughApi(
    stack.urls,
    buyer,
    doomed,
    doomed.seats.slice(0, 2).map((s) => s.id),
  );

  // The admin finds the event by name from the desk's events page.
  const admin = await signedInAdmin('/admin/orders');
  await admin.page.getByRole('navigation', { name: "Admin's desk" }).getByRole('link', { name: 'Events' }).click();
  await admin.page.waitForURL((url) => url.pathname === '/admin/events');
  await admin.page.getByLabel('Event name, venue, city or id').fill('Cantata');
  await admin.page.getByRole('button', { name: 'Find' }).click();
  await admin.page.locator(`tr[data-event-id="${doomed.eventId}"][data-status="published"]`).waitFor();
  expect(await admin.page.locator('tr[data-event-id]').count()).toBe(1);
  await inspect(admin.page, 'desk-events', checked);
  await admin.page.getByRole('link', { name: 'Cancelled Cantata' }).click();
  await admin.page.waitForURL((url) => url.pathname === `/admin/events/${doomed.eventId}`);

  // A reason first, then a confirmation that says what will happen; nothing changes before it.
  await admin.page.getByRole('button', { name: 'Cancel the event…' }).click();
  expect(await admin.page.locator('[data-step="confirm"]').count()).toBe(0);
  await admin.page.getByLabel('Why is it cancelled? (the audit log keeps it)').fill('The venue flooded.');
  await admin.page.getByRole('button', { name: 'Cancel the event…' }).click();
  await admin.page.locator('[data-step="confirm"]').waitFor();
  expect(await admin.page.locator('[data-reason]').textContent()).toBe('The venue flooded.');
  await inspect(admin.page, 'desk-event-cancel-confirm', checked);
  expect((await ticketsOf(buyer)).filter((t) => t.status === 'valid')).toHaveLength(2);

  // Pressed twice: one cancellation, the same outcome.
  await admin.page.getByRole('button', { name: 'Yes, cancel the event' }).dblclick();
  await admin.page.locator('[data-state="cancelled"][data-refunded="1"][data-left="0"]').waitFor();
  await admin.page.locator('h1 .status-badge[data-status="cancelled"]').waitFor();
  await admin.page.locator('[data-step="done"]').waitFor();
  await inspect(admin.page, 'desk-event-cancelled', checked);

  // Pressed again later: the same answer, still one refund.
  await admin.page.getByRole('button', { name: 'Refund any order still left' }).click();
  await admin.page.locator('[data-state="cancelled"][data-refunded="1"][data-left="0"]').waitFor();
  const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 1 });
  try {
    const refunds = await db.query<{ refunds: number }>(
      "SELECT count(*)::int AS refunds FROM outbox WHERE routing_key = 'order.refunded' AND payload->'data'->>'orderId' = $1",
      [orderId],
    );
    expect(refunds.rows[0]!.refunds).toBe(1);
    const order = await db.query<{ status: string; refunded: boolean }>(
      'SELECT status, refunded_cents = total_cents AS refunded FROM orders WHERE id = $1',
      [orderId],
    );
    expect(order.rows[0]).toEqual({ status: 'refunded', refunded: true });
  } finally {
    await db.end();
  }

  // The fan signs in and sees both tickets refunded.
  const fan = await openContext(browser);
  await fan.page.goto(site('/me/tickets'));
  await fan.page.waitForURL(/login-actions/);
  await signInAt(fan.page, loadTestName(54), 'loadtest');
  await fan.page.waitForURL((url) => url.pathname === '/me/tickets');
  for (const ticket of await ticketsOf(buyer)) {
    expect(ticket.status).toBe('revoked');
    await fan.page.locator(`[data-ticket="${ticket.ticketId}"][data-status="revoked"]`).getByText('Refunded').waitFor();
  }
  await inspect(fan.page, 'fan-tickets-cancelled', checked);

  expect([...admin.errors, ...fan.errors]).toEqual([]);
  expect(Object.fromEntries([...checked].filter(([, v]) => v.length > 0))).toEqual({});
  await admin.context.close();
  await fan.context.close();
}, 120_000);
