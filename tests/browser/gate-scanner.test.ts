import type { Browser } from 'playwright-core';
import pg from 'pg';
import QRCode from 'qrcode';
import { reissueTicket } from '@ticketing/booking/back-office';
import { connectBookingTestDatabase } from '@ticketing/booking/testing';
import { startTcpProxy } from '@ticketing/common/testing';
import { passwordGrant } from '@ticketing/identity';
import { cleanupStack } from '../e2e/support/cleanup.ts';
import { waitUntil } from '../e2e/support/poll.ts';
import { inspect, launchChromium, openContext, phone, signInAt, type AxeViolation } from './support/browser.ts';
import { apiFan } from './support/fans.ts';
import { startHubProcess } from './support/gate-hub.ts';
import { buyThroughApi } from './support/purchases.ts';
import { createSale, type Sale } from './support/sales.ts';
import { startStack, type Stack } from './support/stack.ts';

/*
 * A gate steward's phone against the whole platform: typed codes and a QR
 * code shown to the camera (a canvas stream standing in for it), the same
 * ticket refused the second time, and the scanner carrying on with the
 * network cut, its scans uploaded when the network is back (and a ticket
 * another door let in meanwhile reported as admitted twice). Then two phones
 * cut off from the platform but joined through a real gate hub process: a
 * ticket let in at one is refused at the other.
 */

const cleanup = cleanupStack();
const checked = new Map<string, AxeViolation[]>();
let stack: Stack;
let browser: Browser;
let sale: Sale;
let pool: pg.Pool;

beforeAll(async () => {
  stack = await startStack('gate', cleanup, async (databaseUrl) => {
    const setup = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      sale = await createSale(setup, {
        name: 'Doors Open Tonight',
        rows: 1,
        seatsPerRow: 6,
        releaseRatePerMinute: 600,
      });
    } finally {
      await setup.end();
    }
  });
  pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 1 });
  cleanup.add('pool', () => pool.end());
  browser = await launchChromium();
  cleanup.add('browser', () => browser.close());
}, 240_000);

afterAll(async () => {
  await cleanup.run();
}, 60_000);

const site = (path: string) => `${stack.urls.site}${path}`;

async function boughtTickets(
  fan = 60,
  seats = sale.seats.slice(0, 4),
): Promise<Array<{ ticketId: string; code: string }>> {
  const buyer = await apiFan(stack.issuer, fan);
  await buyThroughApi(
    stack.urls,
    buyer,
    sale,
    seats.map((s) => s.id),
  );
  const response = await fetch(`${stack.urls.booking}/me/tickets`, {
    headers: { Authorization: `Bearer ${buyer.token}` },
  });
  const { tickets } = (await response.json()) as {
    tickets: Array<{ ticketId: string; code: string | null; seatId: string }>;
  };
  return seats.map((seat) => {
    const ticket = tickets.find((t) => t.seatId === seat.id)!;
    return { ticketId: ticket.ticketId, code: ticket.code! };
  });
}

/** A scan at another door, straight to the platform's API with a gate account's token. */
async function scanElsewhere(code: string, gateId: string): Promise<{ status: number; result: unknown }> {
  const steward = await passwordGrant({
    issuer: stack.issuer,
    clientId: 'loadtest',
    username: 'gate',
    password: 'gate',
  });
  const response = await fetch(`${stack.urls.admin}/scans`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${steward.access_token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, gateId, deviceId: `${gateId}-phone`, nonce: crypto.randomUUID() }),
  });
  return { status: response.status, result: ((await response.json()) as { result?: unknown }).result };
}

/** The camera: a canvas stream drawing whatever QR image the test puts in `window.shownQr`. */
function fakeCamera() {
  // Runs in the page; the test process has no DOM types, so the few used here are described.
  interface Picture {
    src: string;
    complete: boolean;
    naturalWidth: number;
  }
  interface Drawing {
    fillStyle: string;
    fillRect(x: number, y: number, w: number, h: number): void;
    drawImage(image: Picture, x: number, y: number, w: number, h: number): void;
  }
  interface Canvas {
    width: number;
    height: number;
    getContext(kind: '2d'): Drawing;
    captureStream(fps: number): unknown;
  }
  const scope = globalThis as unknown as {
    document: { createElement(tag: 'canvas'): Canvas };
    navigator: { mediaDevices: { getUserMedia: () => Promise<unknown> } };
    shownQr?: string;
    Image: new () => Picture;
    setInterval(f: () => void, ms: number): unknown;
  };
  scope.navigator.mediaDevices.getUserMedia = () => {
    const canvas = scope.document.createElement('canvas');
    canvas.width = 480;
    canvas.height = 480;
    const context = canvas.getContext('2d');
    const image = new scope.Image();
    let source = '';
    const draw = () => {
      if (scope.shownQr && scope.shownQr !== source) {
        source = scope.shownQr;
        image.src = source;
      }
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, 480, 480);
      if (image.complete && image.naturalWidth > 0) context.drawImage(image, 40, 40, 400, 400);
    };
    draw();
    scope.setInterval(draw, 100);
    return Promise.resolve(canvas.captureStream(10));
  };
}

test('a steward scans by typing and by camera, sees already used, learns a reissue by delta, and keeps scanning offline', async () => {
  const [first, second, third, fourth] = await boughtTickets();
  const [firstCode, secondCode, thirdCode] = [first!.code, second!.code, third!.code];
  const { context, page, errors } = await openContext(browser, phone);
  await context.addInitScript(fakeCamera);
  await page.goto(site('/gate'));
  await page.waitForURL(/login-actions/);
  await signInAt(page, 'gate');
  await page.waitForURL((url) => url.pathname === '/gate');
  await page.locator('astro-island:not([ssr]) .gate-setup').waitFor();
  await page.getByLabel('Event').selectOption(sale.eventId);
  await page.getByLabel('Gate name').fill('north-1');
  await page.getByRole('button', { name: 'Start scanning' }).click();
  await page
    .locator('[data-list="ready"]')
    .waitFor({ timeout: 15_000 })
    .catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await page.locator('main').innerText()}\n${errors.join('\n')}`);
    });

  // A verdict that does not come says why: the page's words and the browser's errors go into the failure.
  const verdict = (result: string) => {
    const shown = page.locator(`.scan-verdict[data-result="${result}"]`);
    return {
      waitFor: (options?: { timeout?: number }) =>
        shown.waitFor(options).catch(async (error: unknown) => {
          throw new Error(`${String(error)}\n${await page.locator('main').innerText()}\n${errors.join('\n')}`);
        }),
    };
  };
  const typeCode = async (code: string) => {
    await page.getByLabel('Ticket code').fill(code);
    await page.getByRole('button', { name: 'Check' }).click();
  };

  // Typed: valid, then already used, with the gate and the time in the venue's zone.
  await typeCode(firstCode);
  await verdict('valid').waitFor();
  await inspect(page, 'gate-valid', checked);
  await typeCode(firstCode);
  await verdict('already_used').waitFor();
  expect(await page.locator('[data-reason]').textContent()).toMatch(/Already used at gate north-1 at .* WE[S]?T\./);
  await inspect(page, 'gate-already-used', checked);

  // The camera reads the second ticket's QR code.
  const qr = await QRCode.toDataURL(secondCode, { margin: 2, width: 400 });
  await page.evaluate((url) => ((globalThis as unknown as { shownQr: string }).shownQr = url), qr);
  await page.getByRole('button', { name: 'Scan with camera' }).click();
  await page.locator('.scan-verdict[data-result="valid"][data-mode="online"]').waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Stop camera' }).click();

  // An admin reissues the fourth ticket: the phone's list learns it from its next delta, within seconds.
  const booking = await connectBookingTestDatabase(stack.databaseUrl);
  try {
    await reissueTicket(booking.db, { ticketId: fourth!.ticketId, actorId: 'browser-test', reason: 'lost phone' });
  } finally {
    await booking.close();
  }
  const reissuedAt = new Date().toISOString();
  await waitUntil(
    'a delta after the reissue',
    () => page.locator('[data-synced-at]').getAttribute('data-synced-at'),
    (syncedAt) => (syncedAt ?? '') > reissuedAt,
    { everyMs: 250, timeoutMs: 15_000 },
  );

  // The network goes: the phone answers from its signed list and keeps the scans.
  await context.setOffline(true);
  await page.locator('[data-online="no"]').waitFor();
  // Meanwhile another door, online, lets the third ticket in: this phone cannot know.
  expect(await scanElsewhere(thirdCode, 'south-2')).toEqual({ status: 200, result: 'valid' });
  await typeCode(thirdCode);
  await page.locator('.scan-verdict[data-result="valid"][data-mode="offline"]').waitFor();
  await page.locator('[data-pending="1"]').waitFor();
  await typeCode(thirdCode);
  await page.locator('.scan-verdict[data-result="already_used"][data-mode="offline"]').waitFor();
  await typeCode(secondCode);
  await page.locator('.scan-verdict[data-result="already_used"][data-mode="offline"]').waitFor();
  await typeCode(fourth!.code);
  await page.locator('.scan-verdict[data-result="reissued"][data-mode="offline"]').waitFor();
  await typeCode('not-a-ticket');
  await page.locator('.scan-verdict[data-result="invalid"][data-mode="offline"]').waitFor();
  await page.locator('[data-pending="5"]').waitFor();
  await inspect(page, 'gate-offline', checked);

  // Reloaded without the network, the page still comes up (service worker), with its scans waiting.
  await page.reload();
  await page.locator('[data-pending="5"]').waitFor();

  // Back online: the scans upload, and the platform knows the third ticket was let in.
  await context.setOffline(false);
  await page.locator('[data-online="yes"][data-pending="0"]').waitFor({ timeout: 20_000 });
  const { rows } = await pool.query<{ used: number }>(
    'SELECT count(*)::int AS used FROM tickets WHERE seat_id = ANY($1) AND used_at IS NOT NULL',
    [sale.seats.slice(0, 3).map((s) => s.id)],
  );
  expect(rows[0]!.used).toBe(3);

  // The upload's report: the third ticket was let in twice, at south-2 online and here offline.
  await page.locator('[data-duplicates="1"]').waitFor();
  const reported = page.locator(`[data-duplicate-ticket="${third!.ticketId}"] li`);
  expect(await reported.count()).toBe(2);
  expect(await reported.first().textContent()).toContain('gate south-2');
  expect(await reported.nth(1).textContent()).toContain('gate north-1');
  await inspect(page, 'gate-duplicates', checked);
  await page.getByRole('button', { name: 'Mark as read' }).click();
  await page.locator('[data-duplicates]').waitFor({ state: 'detached' });

  // The reload without the network logs the service worker's failed try of the network; nothing else may be logged.
  expect(errors.filter((line) => !line.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  expect(Object.fromEntries([...checked].filter(([, v]) => v.length > 0))).toEqual({});
  await context.close();
}, 120_000);

test('two phones cut off from the platform but joined through a gate hub admit a ticket once', async () => {
  const [first, second] = await boughtTickets(62, sale.seats.slice(4, 6));
  // The hub reaches the platform through a proxy this test owns: cutting it is the venue losing the internet.
  const proxy = await startTcpProxy(Number(new URL(stack.urls.admin).port));
  cleanup.add('platform proxy', () => proxy.close());
  const hub = await startHubProcess({
    eventId: sale.eventId,
    platformUrl: `http://127.0.0.1:${proxy.port}`,
    issuer: stack.issuer,
    siteOrigin: stack.urls.site,
  });
  cleanup.add('gate hub', () => hub.stop());
  await waitUntil(
    'the hub to hold the gate list with the new tickets',
    () => hub.status(),
    (status) => status.online && status.listCursor !== null && status.tickets >= 6,
    { everyMs: 250, timeoutMs: 20_000 },
  );
  proxy.cut();
  await waitUntil(
    'the hub to notice the platform is gone',
    () => hub.status(),
    (status) => !status.online,
    {
      everyMs: 250,
    },
  );

  // Two phones whose calls to the platform all fail; they reach only the site's pages and the hub.
  const phones = [];
  for (const gateName of ['east-1', 'east-2']) {
    const watched = await openContext(browser, { ...phone, serviceWorkers: 'block' });
    await watched.context.route('**/api/gate/**', (route) => route.abort('internetdisconnected'));
    const { page } = watched;
    await page.goto(site('/gate'));
    await page.waitForURL(/login-actions/);
    await signInAt(page, 'gate');
    await page.waitForURL((url) => url.pathname === '/gate');
    // Filled only once the island has hydrated, or hydration would reset the fields.
    await page.locator('astro-island:not([ssr]) .gate-setup').waitFor();
    await page.getByLabel('Event').selectOption(sale.eventId);
    await page.getByLabel('Gate name').fill(gateName);
    await page.getByLabel('Hub address').fill(hub.url);
    await page.getByLabel('Hub key').fill(hub.key);
    if (gateName === 'east-1') await inspect(page, 'gate-setup-hub', checked);
    await page.getByRole('button', { name: 'Start scanning' }).click();
    // Its keys and its list come from the hub, checked with the platform's keys.
    await page
      .locator('[data-platform="down"][data-hub="answering"] [data-list="ready"]')
      .waitFor({ timeout: 15_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\n${await page.locator('main').innerText()}\n${watched.errors.join('\n')}`);
      });
    phones.push(watched);
  }
  const [east1, east2] = phones as [(typeof phones)[number], (typeof phones)[number]];
  const scanAt = async (at: typeof east1, code: string, result: string) => {
    await at.page.getByLabel('Ticket code').fill(code);
    await at.page.getByRole('button', { name: 'Check' }).click();
    await at.page
      .locator(`.scan-verdict[data-result="${result}"][data-mode="hub"]`)
      .waitFor()
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\n${await at.page.locator('main').innerText()}\n${at.errors.join('\n')}`);
      });
  };

  await scanAt(east1, first!.code, 'valid');
  await scanAt(east2, first!.code, 'already_used');
  expect(await east2.page.locator('[data-reason]').textContent()).toMatch(/Already used at gate east-1 at /);
  await inspect(east2.page, 'gate-hub-already-used', checked);
  await scanAt(east2, second!.code, 'valid');
  await scanAt(east1, second!.code, 'already_used');
  // The hub keeps the scans; nothing waits on the phones.
  for (const at of phones) await at.page.locator('[data-pending="0"]').waitFor();
  expect((await hub.status()).pendingUploads).toBe(4);

  // The internet comes back: the hub uploads, and the platform knows both tickets were let in, once each.
  proxy.restore();
  await waitUntil(
    'the hub to upload its scans',
    () => hub.status(),
    (s) => s.online && s.pendingUploads === 0,
    {
      everyMs: 250,
      timeoutMs: 20_000,
    },
  );
  const { rows } = await pool.query<{ gate: string }>(
    'SELECT used_gate AS gate FROM tickets WHERE id = ANY($1) AND used_at IS NOT NULL ORDER BY used_gate',
    [[first!.ticketId, second!.ticketId]],
  );
  expect(rows.map((r) => r.gate)).toEqual(['east-1', 'east-2']);

  // The platform calls the test cut are logged by the browser as failed loads; nothing else may be.
  const cutOff = (line: string) => /Failed to load resource: net::ERR_INTERNET_DISCONNECTED/.test(line);
  expect(phones.flatMap((p) => p.errors).filter((line) => !cutOff(line))).toEqual([]);
  expect(Object.fromEntries([...checked].filter(([, v]) => v.length > 0))).toEqual({});
  for (const at of phones) await at.context.close();
}, 150_000);
