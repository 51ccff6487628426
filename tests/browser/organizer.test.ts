import type { Browser, Page } from 'playwright-core';
import { waitUntil } from '../e2e/support/poll.ts';
import { cleanupStack } from '../e2e/support/cleanup.ts';
import { inspect, launchChromium, openContext, signInAt, type AxeViolation } from './support/browser.ts';
import { admission, apiFan, holdSeats, joinLine, type ApiFan } from './support/fans.ts';
import { startStack, type Stack } from './support/stack.ts';

/*
 * An organizer builds an event in the browser: a venue, an event, a seat map
 * with two reserved sections and a standing area, publishes it and opens a
 * drop; a fan buys a seat from it and the organizer's dashboard shows the
 * sale without a reload. Every page is photographed and checked with axe-core.
 */

const cleanup = cleanupStack();
const checked = new Map<string, AxeViolation[]>();
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack('organizer', cleanup);
  browser = await launchChromium();
  cleanup.add('browser', () => browser.close());
}, 240_000);

afterAll(async () => {
  await cleanup.run();
}, 60_000);

const site = (path: string) => `${stack.urls.site}${path}`;

/** Waits until Astro has hydrated the island holding `selector`. */
async function hydrated(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.locator(`astro-island:not([ssr]) ${selector}`).first().waitFor();
}

async function call(url: string, fan: ApiFan, method: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: `Bearer ${fan.token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** A fan buys one seat of the drop through the APIs, as the storefront would. */
async function fanBuysOneSeat(eventId: string, dropId: string): Promise<void> {
  const fan = await apiFan(stack.issuer, 7);
  await waitUntil(
    'the line to open',
    () =>
      joinLine(stack.urls.waitingRoom, dropId, fan).then(
        () => true,
        () => false,
      ),
    (ok) => ok,
    { everyMs: 250 },
  );
  const token = await admission(stack.urls.waitingRoom, dropId, fan);
  const seatMap = await waitUntil(
    'the catalog to serve the new seat map',
    async () =>
      (await fetch(`${stack.urls.catalog}/events/${eventId}/seatmap`)).json() as Promise<{
        sections?: Array<{ kind: string; rows: Array<{ seats: Array<{ id: string }> }> }>;
      }>,
    (map) => (map.sections ?? []).filter((s) => s.kind === 'reserved').length === 2,
    { everyMs: 250 },
  );
  // The first seat is blocked in the designer; the last seat of the first section is for sale.
  const seats = seatMap.sections!.find((s) => s.kind === 'reserved')!.rows.at(-1)!.seats;
  const hold = await holdSeats(stack.urls.booking, fan, token, { eventId, dropId, seatIds: [seats.at(-1)!.id] });
  expect(hold.status).toBe(201);
  const order = await call(
    `${stack.urls.booking}/orders`,
    fan,
    'POST',
    { holdId: hold.body.holdId },
    {
      'idempotency-key': `organizer-test-${Date.now()}`,
    },
  );
  expect(order.status).toBe(201);
  const payment = order.body.payment as { paymentId: string };
  const paid = await call(`${stack.urls.booking}/payments/dev/${payment.paymentId}/confirm`, fan, 'POST');
  expect(paid.body.status).toBe('paid');
}

test('a fan who opens the organizer pages is told in plain words they are not allowed', async () => {
  const { context, page, errors } = await openContext(browser);
  await page.goto(site('/organizer'));
  await page.waitForURL(/login-actions/);
  await signInAt(page, 'fan');
  await page.locator('[data-state="not-allowed"]').waitFor();
  await inspect(page, 'organizer-not-allowed', checked);
  await page.goto(site('/organizer/dashboard?drops=5eed0000-0000-4000-8000-000000000401'));
  await page.locator('[data-state="not-allowed"]').waitFor();
  // The site's own organizer endpoints refuse a fan too, before asking the admin API.
  const statuses = await page.evaluate(async () => [
    (
      await fetch('/api/organizer/events/5eed0000-0000-4000-8000-000000000101/seat-map', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ version: 1, map: { priceTiers: [], sections: [] } }),
      })
    ).status,
    (await fetch('/api/organizer/dashboard/stream?dropIds=5eed0000-0000-4000-8000-000000000401')).status,
    (await fetch('/organizer/events/5eed0000-0000-4000-8000-000000000101/seat-map.csv')).status,
  ]);
  expect(statuses).toEqual([403, 403, 403]);
  expect(errors.filter((e) => !e.includes('403'))).toEqual([]);
  await context.close();
}, 60_000);

test('an organizer builds a seat map, publishes, opens a drop, and sees a fan’s purchase live', async () => {
  const { context, page, errors } = await openContext(browser);
  await page.goto(site('/organizer'));
  await page.waitForURL(/login-actions/);
  await signInAt(page, 'organizer');
  await page.waitForURL((url) => url.pathname === '/organizer');
  await inspect(page, 'organizer-events', checked);

  // A venue, then an event at it.
  const venue = page.locator('[data-form="venue"]');
  await venue.getByLabel('Name', { exact: true }).fill('Harbour Hall');
  await venue.getByLabel('City').fill('Rotterdam');
  await venue.getByLabel('Time zone').fill('UTC');
  await venue.getByRole('button', { name: 'Add venue' }).click();
  await page.getByText('Venue added.').waitFor();
  const event = page.locator('[data-form="event"]');
  await event.locator('select[name="venueId"]').selectOption({ label: 'Harbour Hall, Rotterdam (UTC)' });
  await event.getByLabel('Name', { exact: true }).fill('Designer Night');
  await event.getByLabel(/^Starts/).fill('2031-06-01T20:00');
  await event.getByRole('button', { name: 'Create event' }).click();
  await page.waitForURL(/\/organizer\/events\//);
  const eventId = page.url().split('/organizer/events/')[1]!;

  // The seat map: two tiers, two reserved sections, one standing area; one seat blocked, with undo and redo.
  await hydrated(page, '[data-designer]');
  const tier = page.locator('[data-form="tier"]');
  for (const [name, price] of [
    ['Front', '50'],
    ['Back', '30'],
  ] as const) {
    await tier.getByLabel('Tier name').fill(name);
    await tier.getByLabel(/^Price/).fill(price);
    await tier.getByRole('button', { name: 'Add tier' }).click();
  }
  const section = page.locator('[data-form="section"]');
  for (const [name, rows, seats, tierName] of [
    ['Stalls', '3', '8', 'Front'],
    ['Circle', '2', '6', 'Back'],
  ] as const) {
    await section.getByLabel('Section name').fill(name);
    await section.getByLabel('Rows').fill(rows);
    await section.getByLabel('Seats per row').fill(seats);
    await section.getByLabel('Price tier').selectOption(tierName);
    await section.getByRole('button', { name: 'Add section' }).click();
  }
  const area = page.locator('[data-form="general"]');
  await area.getByLabel('Area name').fill('Floor');
  await area.getByLabel('Capacity').fill('40');
  await area.getByRole('button', { name: 'Add area' }).click();
  await page.locator('[data-seat="0.0.0"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-seat="0.0.0"][data-status="blocked"]').waitFor();
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.locator('[data-seat="0.0.0"][data-status="available"]').waitFor();
  await page.getByRole('button', { name: 'Redo' }).click();
  await page.locator('[data-seat="0.0.0"][data-status="blocked"]').waitFor();
  await expect(page.locator('[data-counts]').textContent()).resolves.toContain('36 seats (1 blocked), 40 standing');
  await page.locator('[data-save]').click();
  await page.locator('[data-save-state="saved"]').waitFor();
  await inspect(page, 'organizer-designer', checked);

  // The CSV export imports back as the same map.
  const exported = await page.evaluate(
    async (path) => (await fetch(path)).text(),
    `/organizer/events/${eventId}/seat-map.csv`,
  );
  expect(exported).toContain('Stalls');
  await page
    .locator('input[type="file"][name="file"]')
    .setInputFiles({ name: 'seat-map.csv', mimeType: 'text/csv', buffer: Buffer.from(exported) });
  await page.getByRole('button', { name: 'Upload CSV' }).click();
  await page.getByText('The seat map was replaced from the CSV file.').waitFor();
  await hydrated(page, '[data-designer]');
  await expect(page.locator('[data-counts]').textContent()).resolves.toContain('36 seats (1 blocked), 40 standing');

  // Publish, create a drop that is open now, open the sale.
  await page.locator('[data-action="publish"]').click();
  await page.locator('[data-status="published"]').waitFor();
  await hydrated(page, '[data-form="create-drop"]');
  const drop = page.locator('[data-form="create-drop"]');
  // The drop offers the seats on sale: 36 seats less the blocked one, and 40 standing.
  await expect(drop.getByLabel('Places in the drop').inputValue()).resolves.toBe('75');
  await drop.getByLabel('Fans let in per minute').fill('600');
  await expect(drop.locator('[data-consequences]').textContent()).resolves.toContain('At 600 a minute');
  const now = new Date(Date.now() - 120_000).toISOString().slice(0, 16);
  await drop.getByLabel(/^Sale opens/).fill(now);
  await drop.getByRole('button', { name: 'Create drop' }).click();
  await page.locator('[data-drop]').waitFor();
  const dropId = (await page.locator('[data-drop]').getAttribute('data-drop'))!;
  await page.getByRole('button', { name: /^Pause/ }).click();
  await page.locator('[data-phase="paused"]').waitFor();
  await page.getByRole('button', { name: /^Resume/ }).click();
  await page.locator('[data-phase="open"]').waitFor();
  await page.locator('[data-action="open-sale"]').click();
  await page.locator('[data-status="on_sale"]').waitFor();
  await inspect(page, 'organizer-event', checked);

  // The dashboard, live; a fan buys a seat and it shows within two seconds, without a reload.
  await page.locator('[data-dashboard-link]').click();
  await page.waitForURL(/\/organizer\/dashboard/);
  await page.locator(`[data-drop-stats="${dropId}"] [data-stat="sold"]`).waitFor();
  await fanBuysOneSeat(eventId, dropId);
  const paidAt = Date.now();
  await page
    .locator(`[data-drop-stats="${dropId}"] [data-stat="sold"]`, { hasText: /^1$/ })
    .waitFor({ timeout: 2_000 });
  expect(Date.now() - paidAt).toBeLessThan(2_000);
  await page.waitForTimeout(1_200);
  await inspect(page, 'organizer-dashboard', checked);

  // A second drop with its pre-queue open shows the fairness commitment.
  await page.goto(site(`/organizer/events/${eventId}`));
  await page.getByText('Create a drop').click();
  await hydrated(page, '[data-form="create-drop"]');
  const second = page.locator('[data-form="create-drop"]');
  const local = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().slice(0, 16);
  await second.getByLabel(/^Sale opens/).fill(local(3_600_000));
  await second.getByLabel(/^Pre-queue opens/).fill(local(-60_000));
  await second.getByRole('button', { name: 'Create drop' }).click();
  await page.getByText('Drop created.').waitFor();
  await waitUntil(
    'the fairness commitment',
    async () => {
      await page.reload();
      return page.locator('[data-fairness]').count();
    },
    (count) => count > 0,
    { everyMs: 500, timeoutMs: 15_000 },
  );
  await inspect(page, 'organizer-prequeue', checked);
  // The page redirected after the change: reloading it made no second copy of the drop.
  await expect(page.locator('[data-drop]').count()).resolves.toBe(2);

  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

test('axe-core finds no serious or critical violation on the organizer pages', () => {
  const found = [...checked].filter(([, violations]) => violations.length > 0);
  expect(found).toEqual([]);
});
