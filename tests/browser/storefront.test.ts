import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { verifyTicketCode } from '@ticketing/common';
import { reissueTicket } from '@ticketing/booking/back-office';
import { connectBookingTestDatabase } from '@ticketing/booking/testing';
import { loadTestUserId } from '@ticketing/identity';
import { cleanupStack } from '../e2e/support/cleanup.ts';
import { decodeQr } from '../e2e/support/mail.ts';
import { waitUntil } from '../e2e/support/poll.ts';
import { inspect, launchChromium, openContext, phone, signInAt, type AxeViolation } from './support/browser.ts';
import { admission, apiFan, holdSeats, joinLine, loadTestName } from './support/fans.ts';
import { createSale, pauseDrop, startPrequeue, type Sale } from './support/sales.ts';
import { startStack, type Stack } from './support/stack.ts';

/*
 * A fan buys tickets in the browser, from the line to the QR code, against
 * the whole platform started as `npm start` starts it. Every page visited is
 * photographed and checked with axe-core; any console error fails the test.
 */

const demoEvent = '5eed0000-0000-4000-8000-000000000101';
const demoDrop = '5eed0000-0000-4000-8000-000000000401';
const cleanup = cleanupStack();
const checked = new Map<string, AxeViolation[]>();
let stack: Stack;
let pool: pg.Pool;
let browser: Browser;
const sales = {} as Record<'journey' | 'race' | 'lapse' | 'prequeue', Sale>;

beforeAll(async () => {
  stack = await startStack('browser', cleanup, async (databaseUrl) => {
    const setup = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      sales.journey = await createSale(setup, {
        name: 'Harbour Lights Live',
        rows: 4,
        seatsPerRow: 10,
        releaseRatePerMinute: 20,
      });
      sales.race = await createSale(setup, {
        name: 'Last Seat Standing',
        rows: 2,
        seatsPerRow: 8,
        releaseRatePerMinute: 600,
      });
      sales.lapse = await createSale(setup, {
        name: 'Slow Checkout Blues',
        rows: 2,
        seatsPerRow: 8,
        releaseRatePerMinute: 600,
        holdSeconds: 30,
      });
      sales.prequeue = await createSale(setup, {
        name: 'Early Birds Ensemble',
        rows: 2,
        seatsPerRow: 8,
        releaseRatePerMinute: 1,
        opensAt: new Date(Date.now() + 86_400_000),
      });
    } finally {
      await setup.end();
    }
  });
  pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
  cleanup.add('pool', () => pool.end());
  browser = await launchChromium();
  cleanup.add('browser', () => browser.close());
}, 240_000);

afterAll(async () => {
  await cleanup.run();
}, 60_000);

const site = (path: string) => `${stack.urls.site}${path}`;
const linePath = (sale: Sale) => `/events/${sale.eventId}/drops/${sale.dropId}/line`;

/** Picks seats with the keyboard: focus the first, then arrow right and Enter for each next one. */
async function pickSeatsByKeyboard(page: Page, seatIds: string[]): Promise<void> {
  for (const id of seatIds) {
    await page.locator(`[data-seat="${id}"]`).focus();
    await page.keyboard.press('Enter');
    await page.locator(`[data-seat="${id}"][data-status="selected"]`).waitFor();
  }
}

async function holdAndPay(page: Page, name: string): Promise<string> {
  await page.getByRole('button', { name: /^Hold \d tickets?$/ }).click();
  await page.locator('[data-hold-timer]').waitFor();
  await inspect(page, `${name}-held`, checked);
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await page.waitForURL(/\/checkout\//);
  await inspect(page, `${name}-checkout`, checked);
  await page.locator('[data-pay]').click();
  await page.waitForURL(/\/orders\//);
  return page.url().split('/orders/')[1] ?? '';
}

test('a fan signs in, watches their place fall, is admitted, picks two seats, pays and gets two valid QR codes', async () => {
  const sale = sales.journey;
  // Three fans are ahead: the release rate (20 a minute) lets one in every three seconds.
  const ahead = await Promise.all([1, 2, 3].map((n) => apiFan(stack.issuer, n)));
  for (const fan of ahead) await joinLine(stack.urls.waitingRoom, sale.dropId, fan);

  const { context, page, errors } = await openContext(browser);
  await page.goto(site('/'));
  await inspect(page, 'home', checked);
  await page.goto(site(`/events/${sale.eventId}`));
  await inspect(page, 'event', checked);
  await page.getByRole('link', { name: 'Join the line' }).click();
  // Signed out: the issuer's sign-in page first, then straight back into the line.
  await page.waitForURL(/login-actions/);
  await signInAt(page, 'fan');
  await page.waitForURL((url) => url.pathname === linePath(sale));

  const positions: number[] = [];
  let shot = false;
  await waitUntil(
    'the fan to be admitted',
    async () => {
      const state = await page
        .locator('.line-card')
        .getAttribute('data-state', { timeout: 200 })
        .catch(() => null);
      const position = Number(
        await page
          .locator('[data-position]')
          .textContent({ timeout: 200 })
          .catch(() => 'NaN'),
      );
      if (Number.isFinite(position) && positions.at(-1) !== position) positions.push(position);
      if (state === 'waiting' && !shot) {
        shot = true;
        // Changes are announced politely, from one live region, not number by number. Checked now, while the fan
        // is surely still on the line page: by the time the second tab is open they may be admitted and gone on.
        expect(await page.locator('[aria-live="polite"][data-announcement]').count()).toBe(1);
        expect(await page.locator('[data-position][aria-live]').count()).toBe(0);
        await page.locator('[data-transport="socket"]').waitFor();
        await inspect(page, 'line-waiting', checked);
        // A second tab (or a reload) shows the same place in line, not a new one at the back.
        const second = await context.newPage();
        await second.goto(site(linePath(sale)));
        await expect(second.locator('.line-card').getAttribute('data-entry')).resolves.toBe(
          await page.locator('.line-card').getAttribute('data-entry'),
        );
        const again = Number(
          await second
            .locator('[data-position]')
            .textContent()
            .catch(() => '0'),
        );
        expect(again).toBeLessThanOrEqual(positions.at(-1) ?? 0);
        await second.close();
      }
      return state ?? page.url();
    },
    (state) => state === 'admitted' || state.includes('/seats'),
    { timeoutMs: 45_000, everyMs: 150 },
  );
  expect(positions.length).toBeGreaterThanOrEqual(2);
  expect([...positions].sort((a, b) => b - a)).toEqual(positions);

  // Admission moves the fan on by itself.
  await page.waitForURL(/\/seats$/);
  await page.locator('[data-ready="yes"][data-live="yes"]').waitFor();
  await inspect(page, 'seats', checked);
  const chosen = [sale.seats[12]!, sale.seats[13]!];
  await pickSeatsByKeyboard(
    page,
    chosen.map((s) => s.id),
  );
  expect(await page.locator('[data-total]').textContent()).toBe('€90.00');
  const orderId = await holdAndPay(page, 'journey');
  await page.locator('[data-outcome="paid"]').waitFor();
  await inspect(page, 'result-paid', checked);

  await page.getByRole('link', { name: 'See my tickets' }).click();
  await page.waitForURL(/\/me\/tickets$/);
  const tickets = page.locator(`[data-ticket]`);
  await expect(tickets.count()).resolves.toBe(2);
  await inspect(page, 'my-tickets', checked);
  for (const ticket of await tickets.all()) {
    const code = decodeQr(await ticket.locator('[data-qr]').screenshot());
    expect(code).toBeDefined();
    const verified = verifyTicketCode(code ?? '', stack.ticketKeys);
    expect(verified).toMatchObject({
      ok: true,
      claims: { ticketId: await ticket.getAttribute('data-ticket'), eventId: sale.eventId, version: 1 },
    });
  }
  // An admin reissues one ticket (a leaked screenshot): the page shows its new code, which verifies at version 2.
  const reissued = (await tickets.first().getAttribute('data-ticket')) ?? '';
  const booking = await connectBookingTestDatabase(stack.databaseUrl);
  try {
    await reissueTicket(booking.db, { ticketId: reissued, actorId: 'browser-test', reason: 'leaked screenshot' });
  } finally {
    await booking.close();
  }
  await page.reload();
  const fresh = page.locator(`[data-ticket="${reissued}"]`);
  await expect(fresh.getAttribute('data-version')).resolves.toBe('2');
  await fresh.getByText('Reissued: only this new code works').waitFor();
  await inspect(page, 'my-tickets-reissued', checked);
  expect(
    verifyTicketCode(decodeQr(await fresh.locator('[data-qr]').screenshot()) ?? '', stack.ticketKeys),
  ).toMatchObject({
    ok: true,
    claims: { ticketId: reissued, version: 2 },
  });

  const calendar = await context.request.get(site(`/events/${sale.eventId}/calendar.ics`));
  expect(calendar.headers()['content-type']).toContain('text/calendar');
  expect(await calendar.text()).toContain('SUMMARY:Harbour Lights Live');
  const { rows } = await pool.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [orderId]);
  expect(rows[0]?.status).toBe('paid');

  // Signing out ends the session here and at the issuer, which asks first and then comes back home.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('button[value="yes"]').click();
  await page.waitForURL(site('/'));
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
  await page.goto(site('/me/tickets'));
  await page.waitForURL(/login-actions/);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

/** Signs a fan in from a sale's line page and waits until they can choose seats. */
async function admittedToSeats(page: Page, sale: Sale, username: string, password = username): Promise<void> {
  await page.goto(site(linePath(sale)));
  await page.waitForURL(/login-actions/);
  await signInAt(page, username, password);
  await page.waitForURL(/\/seats$/, { timeout: 30_000 });
  await page.locator('[data-ready="yes"][data-live="yes"]').waitFor();
}

test('two fans race for one seat: the loser sees it taken without a reload and reads why', async () => {
  const sale = sales.race;
  const seat = sale.seats[3]!;
  const winner = await openContext(browser);
  const loser = await openContext(browser);
  await admittedToSeats(winner.page, sale, 'fan2');
  await admittedToSeats(loser.page, sale, loadTestName(10), 'loadtest');

  // Both pick the same seat; the first to hold it gets it.
  await pickSeatsByKeyboard(loser.page, [seat.id]);
  await pickSeatsByKeyboard(winner.page, [seat.id]);
  await winner.page.getByRole('button', { name: 'Hold 1 ticket' }).click();
  await winner.page.locator(`[data-seat="${seat.id}"][data-status="mine"]`).waitFor();

  // The loser's map follows the live stream: the seat turns taken, and they are told in words.
  await loser.page.locator(`[data-seat="${seat.id}"][data-status="held"]`).waitFor({ timeout: 10_000 });
  const alert = (text: RegExp) => loser.page.locator('[data-seat-alert]').filter({ hasText: text }).waitFor();
  await alert(/Stalls, row A, seat 4 was just taken by another fan/);
  await inspect(loser.page, 'seats-taken', checked);

  // Trying the taken seat again is refused with a readable message, and nothing is selected.
  await loser.page.locator(`[data-seat="${seat.id}"]`).focus();
  await loser.page.keyboard.press('Enter');
  await alert(/Stalls, row A, seat 4 is already taken\. Please pick another seat/);
  expect(await loser.page.locator('[data-status="selected"]').count()).toBe(0);

  // A seat taken by a fan elsewhere (here through the API) while it is chosen is reported the same way.
  const other = sale.seats[5]!;
  await pickSeatsByKeyboard(loser.page, [other.id]);
  const rival = await apiFan(stack.issuer, 11);
  await joinLine(stack.urls.waitingRoom, sale.dropId, rival);
  const token = await admission(stack.urls.waitingRoom, sale.dropId, rival);
  const taken = await holdSeats(stack.urls.booking, rival, token, {
    eventId: sale.eventId,
    dropId: sale.dropId,
    seatIds: [other.id],
  });
  expect(taken.status).toBe(201);
  await loser.page.locator(`[data-seat="${other.id}"][data-status="held"]`).waitFor({ timeout: 10_000 });
  await alert(/Stalls, row A, seat 6 was just taken/);
  expect([...winner.errors, ...loser.errors]).toEqual([]);
  await winner.context.close();
  await loser.context.close();
}, 90_000);

test('a fan whose hold lapses before paying, and whose seat is then sold on, sees they were not charged', async () => {
  const sale = sales.lapse;
  const seat = sale.seats[0]!;
  const { context, page, errors } = await openContext(browser);
  await admittedToSeats(page, sale, loadTestName(20), 'loadtest');
  await pickSeatsByKeyboard(page, [seat.id]);
  await page.getByRole('button', { name: 'Hold 1 ticket' }).click();
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await page.waitForURL(/\/checkout\//);
  const orderId = page.url().split('/checkout/')[1] ?? '';

  // The drop holds seats for 30 seconds; the page says when the time is up.
  await page.locator('[data-hold-timer="expired"]').waitFor({ timeout: 45_000 });
  await inspect(page, 'checkout-expired', checked);
  const rival = await apiFan(stack.issuer, 21);
  await joinLine(stack.urls.waitingRoom, sale.dropId, rival);
  const token = await admission(stack.urls.waitingRoom, sale.dropId, rival);
  const taken = await holdSeats(stack.urls.booking, rival, token, {
    eventId: sale.eventId,
    dropId: sale.dropId,
    seatIds: [seat.id],
  });
  expect(taken.status).toBe(201);

  await page.locator('[data-pay]').click();
  await page.waitForURL(new RegExp(`/orders/${orderId}$`));
  await page.locator('[data-outcome="not-charged"]').waitFor();
  await expect(page.locator('h1').textContent()).resolves.toBe('Your hold expired. You were not charged.');
  await inspect(page, 'result-not-charged', checked);
  const { rows } = await pool.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [orderId]);
  expect(rows[0]?.status).toBe('expired_not_charged');
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test('a fan in the pre-queue sees the countdown, and after the start is placed by the published order', async () => {
  const sale = sales.prequeue;
  const opensAt = await startPrequeue(pool, sale.dropId, 25);
  const others = await Promise.all([31, 32, 33, 34, 35].map((n) => apiFan(stack.issuer, n)));
  for (const fan of others) await joinLine(stack.urls.waitingRoom, sale.dropId, fan);

  const { context, page, errors } = await openContext(browser);
  // This fan's browser cannot keep a WebSocket open: the page falls back to asking every few seconds.
  await context.routeWebSocket(/\/queue\/ws$/, (socket) => socket.close({ code: 1011, reason: 'unavailable' }));
  await page.goto(site(linePath(sale)));
  await page.waitForURL(/login-actions/);
  await signInAt(page, loadTestName(30), 'loadtest');
  await page.waitForURL((url) => url.pathname === linePath(sale));
  await page.locator('.line-card[data-state="prequeue"]').waitFor();
  await page.locator('[data-transport="polling"]').waitFor();
  const first = await page.locator('[data-countdown]').textContent();
  await page.waitForTimeout(1_500);
  expect(await page.locator('[data-countdown]').textContent()).not.toBe(first);
  await expect(page.locator('.commitment code').textContent()).resolves.toMatch(/^[0-9a-f]{16}…$/);
  await inspect(page, 'line-prequeue', checked);

  // At the start the waiting room reveals the seed and places the pre-queue; one fan a minute is let in.
  await waitUntil(
    'the start',
    () => Date.now(),
    (now) => now > opensAt.getTime(),
  );
  const record = await waitUntil(
    'the fairness record to be revealed',
    async () =>
      (await (await fetch(`${stack.urls.waitingRoom}/drops/${sale.dropId}/fairness`)).json()) as {
        revealed: boolean;
        order?: string[];
      },
    (r) => r.revealed,
  );
  const entryId = createHash('sha256')
    .update(`${sale.dropId}:${loadTestUserId(30)}`)
    .digest('hex');
  const index = record.order?.indexOf(entryId) ?? -1;
  expect(index).toBeGreaterThanOrEqual(0);
  if (index === 0) {
    // First in the published order: admitted at the start, straight to the seats.
    await page.waitForURL(/\/seats$/, { timeout: 15_000 });
  } else {
    // The first in the order was let in at the start, so this fan's place is their index in it.
    await page
      .locator(`[data-position]`)
      .filter({ hasText: new RegExp(`^${index}$`) })
      .waitFor({ timeout: 15_000 });
  }
  await page.goto(site(`/events/${sale.eventId}/drops/${sale.dropId}/fairness`));
  await page.locator('[data-verified="true"]').waitFor();
  await expect(page.locator('[data-my-place]').getAttribute('data-my-place')).resolves.toBe(String(index + 1));
  await inspect(page, 'fairness', checked);

  // The organizer pauses the sale: a fan still in line is told, and keeps their place.
  if (index > 0) {
    await pauseDrop(pool, sale.dropId);
    await page.goto(site(linePath(sale)));
    await page.locator('.line-card[data-state="paused"]').waitFor({ timeout: 15_000 });
    await page.locator('.line-card p:not([data-announcement])', { hasText: 'You keep your place' }).waitFor();
    await inspect(page, 'line-paused', checked);
  }
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test('on a phone, a fan zooms into the map, picks two seats by touch and buys them', async () => {
  const { context, page, errors } = await openContext(browser, phone);
  await page.goto(site(`/events/${demoEvent}`));
  await inspect(page, 'phone-event', checked);
  await page.getByRole('link', { name: 'Join the line' }).tap();
  await page.waitForURL(/login-actions/);
  await signInAt(page, loadTestName(40), 'loadtest');
  await page.waitForURL(/\/seats$/, { timeout: 30_000 });
  await page.locator('[data-ready="yes"][data-live="yes"]').waitFor();
  await inspect(page, 'phone-seats', checked);

  // A few thousand seats are too small to aim at: a tap zooms in, a tap on a seat big enough picks it.
  const seats = page.locator('[data-seat]');
  expect(await seats.count()).toBe(2_400);
  const pick = async (index: number) => {
    const seat = page.locator(`[data-index="${index}"]`);
    for (let tries = 0; tries < 4; tries++) {
      await seat.tap();
      if ((await seat.getAttribute('data-status')) === 'selected') return;
    }
    throw new Error(`seat ${index} could not be picked by touch`);
  };
  await pick(1_060);
  await pick(1_061);
  await inspect(page, 'phone-seats-chosen', checked);
  await page.getByRole('button', { name: 'Hold 2 tickets' }).tap();
  await page.getByRole('button', { name: 'Continue to payment' }).tap();
  await page.waitForURL(/\/checkout\//);
  await inspect(page, 'phone-checkout', checked);
  await page.locator('[data-pay]').tap();
  await page.locator('[data-outcome="paid"]').waitFor();
  await page.getByRole('link', { name: 'See my tickets' }).tap();
  await page.waitForURL(/\/me\/tickets$/);
  await expect(page.locator('[data-ticket]').count()).resolves.toBe(2);
  await inspect(page, 'phone-tickets', checked);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test('the arena map draws 2,400 seats, answers a pick at once, and holds standing places by number', async () => {
  const { context, page, errors } = await openContext(browser);
  await page.goto(site(`/events/${demoEvent}/drops/${demoDrop}/line`));
  await page.waitForURL(/login-actions/);
  await signInAt(page, loadTestName(50), 'loadtest');
  await page.waitForURL(/\/seats$/, { timeout: 30_000 });
  await page.locator('[data-ready="yes"][data-live="yes"]').waitFor();
  expect(await page.locator('[data-seat]').count()).toBe(2_400);
  await page.locator('[data-index="1100"]').focus();
  const started = Date.now();
  await page.keyboard.press('Enter');
  await page.locator('[data-index="1100"][data-status="selected"]').waitFor();
  expect(Date.now() - started).toBeLessThan(1_000);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.locator('[data-index="1101"][data-status="selected"]').waitFor();
  await inspect(page, 'seats-arena', checked);

  // Standing places are chosen by number, which replaces the seats picked; they can be held and let go again.
  await page.getByRole('button', { name: 'One more for Floor' }).click();
  await page.getByRole('button', { name: 'One more for Floor' }).click();
  expect(await page.locator('[data-status="selected"]').count()).toBe(0);
  await expect(page.locator('[data-total]').textContent()).resolves.toBe('€98.00');
  await page.getByRole('button', { name: 'Hold 2 tickets' }).click();
  await page.locator('[data-hold-timer]').waitFor();
  await expect(page.locator('.selection .lines li').allTextContents()).resolves.toEqual([
    expect.stringContaining('Floor, standing'),
    expect.stringContaining('Floor, standing'),
  ]);
  await page.getByRole('button', { name: 'Release and choose again' }).click();
  await page.locator('[data-seat-alert]').filter({ hasText: 'Your seats were released' }).waitFor();
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('axe-core finds no serious or critical violation on any page visited', () => {
  expect(checked.size).toBeGreaterThanOrEqual(8);
  const serious = Object.fromEntries([...checked].filter(([, violations]) => violations.length > 0));
  expect(serious).toEqual({});
});
