import type { Browser, Page } from 'playwright-core';
import { waitUntil } from '../e2e/support/poll.ts';
import { cleanupStack } from '../e2e/support/cleanup.ts';
import { inspect, launchChromium, openContext, signInAt, type AxeViolation } from './support/browser.ts';
import { passwordGrant } from '@ticketing/identity';
import { admission, apiFan, holdSeats, joinLine } from './support/fans.ts';
import { buyThroughApi } from './support/purchases.ts';
import { startStack, type Stack } from './support/stack.ts';

/*
 * The organizer's finer tools against the whole platform: a draft event's
 * details edited, the designer's blocks moved and their rows curved, turned
 * and added to (with undo and redo, saved and read back), a drop tuned with
 * its consequences shown as the organizer types, paused and resumed, and the
 * dashboard following two drops at once as fans hold seats in each. Every
 * page is photographed and checked with axe-core.
 */

const cleanup = cleanupStack();
const checked = new Map<string, AxeViolation[]>();
let stack: Stack;
let browser: Browser;

/** The demo's arena event and its open drop (booking/src/seed/demo-plan.ts), owned by the user `organizer`. */
const arena = { eventId: '5eed0000-0000-4000-8000-000000000101', dropId: '5eed0000-0000-4000-8000-000000000401' };
/** The demo's jazz event and its drop, whose pre-queue is open and whose sale opens tomorrow. */
const jazz = { eventId: '5eed0000-0000-4000-8000-000000000102', dropId: '5eed0000-0000-4000-8000-000000000402' };

beforeAll(async () => {
  stack = await startStack('organizer_tools', cleanup);
  browser = await launchChromium();
  cleanup.add('browser', () => browser.close());
}, 240_000);

afterAll(async () => {
  await cleanup.run();
}, 60_000);

const site = (path: string) => `${stack.urls.site}${path}`;

async function hydrated(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.locator(`astro-island:not([ssr]) ${selector}`).first().waitFor();
}

async function signedIn(page: Page, path: string): Promise<void> {
  await page.goto(site(path));
  await page.waitForURL(/login-actions/);
  await signInAt(page, 'organizer');
  await page.waitForURL((url) => url.pathname === path);
}

const numberOf = async (page: Page, selector: string, attribute: string) =>
  Number(await page.locator(selector).getAttribute(attribute));

test('an organizer edits a draft event’s details, then moves sections and curves, turns and adds rows', async () => {
  const { context, page, errors } = await openContext(browser);
  await signedIn(page, '/organizer');
  const event = page.locator('[data-form="event"]');
  await event.getByLabel('Name', { exact: true }).fill('Draft Night');
  await event.getByLabel(/^Starts/).fill('2031-06-01T20:00');
  await event.getByRole('button', { name: 'Create event' }).click();
  await page.waitForURL(/\/organizer\/events\//);

  // Details: an end before the start is refused with the field named, then a good change is saved.
  await page.locator('[data-edit-event] summary').click();
  const details = page.locator('[data-form="edit-event"]');
  await details.getByLabel('Name', { exact: true }).fill('Draft Night Live');
  await details.getByLabel(/^Description/).fill('Doors at seven.');
  await details.getByLabel(/^Ends/).fill('2031-06-01T19:00');
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toMatch(/endsAt/);
  await expect(page.locator('#event-heading').textContent()).resolves.toBe('Draft Night');
  // The form comes back open as typed: only the end needs retyping.
  await expect(details.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Draft Night Live');
  await expect(details.getByLabel(/^Description/).inputValue()).resolves.toBe('Doors at seven.');
  await details.getByLabel(/^Ends/).fill('2031-06-01T23:30');
  await details.getByRole('button', { name: 'Save details' }).click();
  await page.getByText('Event details saved.').waitFor();
  await expect(page.locator('#event-heading').textContent()).resolves.toBe('Draft Night Live');
  await page.getByText('Doors at seven.').first().waitFor();
  await page.locator('[data-edit-event] summary').click();
  await expect(details.getByLabel(/^Ends/).inputValue()).resolves.toBe('2031-06-01T23:30');
  await page.locator('[data-edit-event] summary').click();

  // Two reserved sections as blocks.
  await hydrated(page, '[data-designer]');
  const tier = page.locator('[data-form="tier"]');
  await tier.getByLabel('Tier name').fill('Front');
  await tier.getByLabel(/^Price/).fill('50');
  await tier.getByRole('button', { name: 'Add tier' }).click();
  const section = page.locator('[data-form="section"]');
  for (const [name, rows, seats] of [
    ['Stalls', '3', '8'],
    ['Circle', '2', '6'],
  ] as const) {
    await section.getByLabel('Section name').fill(name);
    await section.getByLabel('Rows').fill(rows);
    await section.getByLabel('Seats per row').fill(seats);
    await section.getByRole('button', { name: 'Add section' }).click();
  }
  await expect(page.locator('[data-counts]').textContent()).resolves.toContain('36 seats');

  // The Circle moves three pitches right by keyboard, and one unit down with Shift.
  const circle = '[data-block="1"]';
  const circleX = await numberOf(page, circle, 'data-x');
  const circleY = await numberOf(page, circle, 'data-y');
  await page.locator(circle).focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(numberOf(page, circle, 'data-x')).resolves.toBe(circleX + 30);
  await expect(numberOf(page, circle, 'data-y')).resolves.toBe(circleY + 1);
  // The fans' map below follows: the Circle's first seat moved with its block.
  const seatX = (id: string) => numberOf(page, `[data-seat="${id}"]`, 'cx');
  const seatY = (id: string) => numberOf(page, `[data-seat="${id}"]`, 'cy');
  await expect(seatX('1.0.0')).resolves.toBe(circleX + 30 + 5);

  // The Stalls are dragged with the mouse; the whole drag is one undo step.
  const stalls = page.locator('[data-block="0"]');
  const box = (await stalls.locator('rect').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(box.x + box.width / 2 + i * 16, box.y + box.height / 2);
  await page.mouse.up();
  const dragged = await numberOf(page, '[data-block="0"]', 'data-x');
  expect(dragged).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(numberOf(page, '[data-block="0"]', 'data-x')).resolves.toBe(0);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(numberOf(page, '[data-block="0"]', 'data-x')).resolves.toBe(dragged);

  // The Circle's rows curve: the ends come 20 units nearer the stage than the middle; then they turn.
  await page.locator(circle).focus();
  const shape = page.locator('[data-form="block"]');
  await expect(shape.locator('legend').textContent()).resolves.toBe('Shape Circle');
  await shape.getByLabel(/^Curve/).fill('20');
  await waitUntil(
    'the curved row',
    async () => (await seatY('1.0.0')) - (await seatY('1.0.3')),
    (rise) => Math.abs(rise + 20 * (1 - (1 / 5) ** 2)) < 0.05,
    { everyMs: 100, timeoutMs: 5_000 },
  );
  await shape.getByLabel(/^Angle/).fill('10');
  await waitUntil(
    'the turned row',
    async () => (await seatY('1.0.5')) - (await seatY('1.0.0')),
    (drop) => drop > 5,
    { everyMs: 100, timeoutMs: 5_000 },
  );
  // A row of four seats at the back, undone and redone.
  await shape.getByLabel('Seats in the new row').fill('4');
  await shape.getByRole('button', { name: 'Add row' }).click();
  await expect(page.locator('[data-counts]').textContent()).resolves.toContain('40 seats');
  await page.locator('[data-seat="1.2.3"]').waitFor();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('[data-counts]').textContent()).resolves.toContain('36 seats');
  await page.keyboard.press('Control+y');
  await expect(page.locator('[data-counts]').textContent()).resolves.toContain('40 seats');
  const curvedY = await seatY('1.0.0');
  const movedX = await numberOf(page, circle, 'data-x');
  await page.locator('[data-save]').click();
  await page.locator('[data-save-state="saved"]').waitFor();
  await inspect(page, 'organizer-designer-blocks', checked);

  // Read back from the API: the block, its shape and its seats where they were drawn.
  await page.reload();
  await hydrated(page, '[data-designer]');
  await expect(page.locator('[data-counts]').textContent()).resolves.toContain('40 seats');
  await expect(numberOf(page, circle, 'data-x')).resolves.toBeCloseTo(movedX, 1);
  await expect(seatY('1.0.0')).resolves.toBeCloseTo(curvedY, 1);
  await page.locator(circle).focus();
  await expect(shape.getByLabel(/^Curve/).inputValue()).resolves.toBe('20');
  await expect(shape.getByLabel(/^Angle/).inputValue()).resolves.toBe('10');

  // The one error is the refused details form's answer: a 400 with the page saying why.
  expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  expect(errors).toHaveLength(1);
  await context.close();
}, 180_000);

/** A reserved seat of an event's first row, from the catalog's seat map. */
async function seatOf(eventId: string, n = 0): Promise<string> {
  const map = (await (await fetch(`${stack.urls.catalog}/events/${eventId}/seatmap`)).json()) as {
    sections: Array<{ kind: string; rows: Array<{ seats: Array<{ id: string }> }> }>;
  };
  return map.sections.find((s) => s.kind === 'reserved')!.rows[0]!.seats[n]!.id;
}

/** A fan joins the drop's line, is let in, and holds one seat: the dashboard's live holds go up. */
async function fanHolds(n: number, sale: { eventId: string; dropId: string }, seatId: string): Promise<void> {
  const { eventId, dropId } = sale;
  const fan = await apiFan(stack.issuer, n);
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
  const hold = await holdSeats(stack.urls.booking, fan, token, { eventId, dropId, seatIds: [seatId] });
  expect(hold.status).toBe(201);
}

test('an organizer tunes a drop as the consequences update, pauses and resumes it, and watches two drops live', async () => {
  const { context, page, errors } = await openContext(browser);
  await signedIn(page, `/organizer/events/${arena.eventId}`);

  // Tuning the open drop: the line's clearing time follows the release rate as it is typed.
  const drop = page.locator(`[data-drop="${arena.dropId}"]`);
  await drop.locator('summary').click();
  await drop.locator('astro-island:not([ssr]) [data-form="tune-drop"]').waitFor();
  const tune = drop.locator('[data-form="tune-drop"]');
  const size = Number(await tune.getByLabel('Places in the drop').inputValue());
  const consequence = tune.locator('[data-consequences]');
  for (const rate of [100, 40]) {
    await tune.getByLabel('Fans let in per minute').fill(String(rate));
    await expect(consequence.textContent()).resolves.toContain(
      `At ${rate} a minute, a line of ${size} fans clears in about ${Math.ceil(size / rate)} minutes.`,
    );
  }
  await tune.getByRole('button', { name: 'Save drop settings' }).click();
  await page.getByText('Drop settings saved.').waitFor();
  await expect(drop.textContent()).resolves.toContain('40 a minute');
  await drop.getByRole('button', { name: /^Pause/ }).click();
  await drop.locator('[data-phase="paused"]').waitFor();
  await drop.getByRole('button', { name: /^Resume/ }).click();
  await drop.locator('[data-phase="open"]').waitFor();
  await inspect(page, 'organizer-tuned-drop', checked);

  // The demo's jazz drop, in its pre-queue, is brought forward to open a minute ago (the venue's local time).
  await page.goto(site(`/organizer/events/${jazz.eventId}`));
  const jazzDrop = page.locator(`[data-drop="${jazz.dropId}"]`);
  await jazzDrop.locator('summary').click();
  await jazzDrop.locator('astro-island:not([ssr]) [data-form="tune-drop"]').waitFor();
  const aMinuteAgo = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Amsterdam',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(Date.now() - 60_000));
  await jazzDrop.getByLabel(/^Sale opens/).fill(aMinuteAgo.replace(' ', 'T'));
  await jazzDrop.getByRole('button', { name: 'Save drop settings' }).click();
  await page.getByText('Drop settings saved.').waitFor();
  await page.locator(`[data-drop="${jazz.dropId}"] [data-phase="open"]`).waitFor();

  // The dashboard follows both drops; a hold in each shows up without a reload.
  const dropIds = [arena.dropId, jazz.dropId];
  await page.goto(site(`/organizer/dashboard?drops=${dropIds.join(',')}`));
  const holdsOf = (dropId: string) => page.locator(`[data-drop-stats="${dropId}"] [data-stat="holds"]`);
  for (const id of dropIds) await expect(holdsOf(id).textContent()).resolves.toBe('0');
  // Each event's doors, with nobody scanned yet.
  for (const { eventId } of [arena, jazz])
    await page.locator(`[data-gate-rates="${eventId}"] [data-no-scans]`).waitFor();
  await fanHolds(11, arena, await seatOf(arena.eventId));
  await holdsOf(arena.dropId).filter({ hasText: /^1$/ }).waitFor({ timeout: 5_000 });
  await expect(holdsOf(jazz.dropId).textContent()).resolves.toBe('0');
  await fanHolds(12, jazz, await seatOf(jazz.eventId));
  await holdsOf(jazz.dropId).filter({ hasText: /^1$/ }).waitFor({ timeout: 5_000 });

  // A third fan buys a seat and has it scanned at the door: the arena's doors show it.
  const buyer = await apiFan(stack.issuer, 13);
  const orderId = await buyThroughApi(stack.urls, buyer, arena, [await seatOf(arena.eventId, 1)]);
  const order = (await (
    await fetch(`${stack.urls.booking}/me/orders/${orderId}`, { headers: { Authorization: `Bearer ${buyer.token}` } })
  ).json()) as { tickets: Array<{ code: string | null }> };
  const steward = await passwordGrant({
    issuer: stack.issuer,
    clientId: 'loadtest',
    username: 'gate',
    password: 'gate',
  });
  const scan = await fetch(`${stack.urls.admin}/scans`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${steward.access_token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      eventId: arena.eventId,
      code: order.tickets[0]!.code,
      gateId: 'north-1',
      deviceId: 'phone-1',
      nonce: 'organizer-tools-1',
    }),
  });
  expect(((await scan.json()) as { result: string }).result).toBe('valid');
  const north = page.locator(`[data-gate-rates="${arena.eventId}"] [data-gate="north-1"]`);
  await north.locator('[data-gate-stat="admitted"]', { hasText: /^1$/ }).waitFor({ timeout: 5_000 });
  await page.locator(`[data-drop-stats="${arena.dropId}"] [data-stat="sold"]`, { hasText: /^1$/ }).waitFor();
  await expect(page.locator('[data-connected="true"]').count()).resolves.toBe(1);
  await page.waitForTimeout(1_200);
  await inspect(page, 'organizer-dashboard-drops', checked);

  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

test('axe-core finds no serious or critical violation on these organizer pages', () => {
  const found = [...checked].filter(([, violations]) => violations.length > 0);
  expect(found).toEqual([]);
});
