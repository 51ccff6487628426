import { chromium, type Browser } from 'playwright-core';
import { startFakeCatalog, type FakeCatalog } from './testing/fake-catalog.ts';
import { buildSite, removeBuild, startSite } from './testing/built-site.ts';

const eventId = '6f1c2d0e-3b4a-4c5d-8e9f-0a1b2c3d4e5f';
const tiers = [
  { id: 'tier-floor', name: 'Floor', priceCents: 8_500, currency: 'EUR' },
  { id: 'tier-balcony', name: 'Balcony', priceCents: 4_250, currency: 'EUR' },
];
const venue = { id: 'venue-1', name: 'Halle Tony Garnier', city: 'Lyon', timezone: 'Europe/Paris' };
const summary = {
  id: eventId,
  name: 'Midnight Orchestra Live',
  description: 'An evening of film scores.',
  startsAt: '2027-03-14T19:30:00.000Z',
  endsAt: null,
  venue,
  priceFrom: { cents: 4_250, currency: 'EUR' },
  nextDrop: null,
};
const section = (sectionId: string, kind: 'reserved' | 'general', capacity: number, available: number) => ({
  sectionId,
  kind,
  capacity,
  available,
  held: capacity - available - 1,
  sold: 1,
  blocked: 0,
});

function catalogData() {
  return {
    events: [summary, { ...summary, id: 'other-event', name: 'Brass Night', priceFrom: null }],
    details: new Map<string, unknown>([
      [
        eventId,
        {
          ...summary,
          venue: { ...venue, address: '20 Place Docteurs Mérieux' },
          priceTiers: tiers,
          drops: [],
        },
      ],
    ]),
    seatmaps: new Map<string, unknown>([
      [
        eventId,
        {
          eventId,
          priceTiers: tiers,
          sections: [
            {
              id: 'sec-balcony',
              name: 'Balcony B',
              kind: 'reserved',
              priceTierId: 'tier-balcony',
              capacity: 50,
              geometry: {},
              sortOrder: 2,
              rows: [],
            },
            {
              id: 'sec-floor',
              name: 'Floor A',
              kind: 'general',
              priceTierId: 'tier-floor',
              capacity: 300,
              geometry: {},
              sortOrder: 1,
              rows: [],
            },
          ],
        },
      ],
    ]),
    availability: new Map<string, unknown>([
      [
        eventId,
        {
          eventId,
          lastEventId: 'e1-10',
          sections: [section('sec-floor', 'general', 300, 242), section('sec-balcony', 'reserved', 50, 17)],
          seats: {},
        },
      ],
    ]),
  };
}

let outDir: string;
let catalog: FakeCatalog;
let data: ReturnType<typeof catalogData>;
let site: { url: string; stop(): Promise<void> };
let browser: Browser | undefined;

beforeAll(async () => {
  outDir = await buildSite();
  data = catalogData();
  catalog = await startFakeCatalog(data);
  site = await startSite(outDir, { CATALOG_URL: catalog.url, PUBLIC_CATALOG_URL: catalog.url });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await catalog?.close().catch(() => undefined);
  if (outDir) await removeBuild(outDir);
});

async function page(path: string): Promise<{ status: number; html: string }> {
  const response = await fetch(`${site.url}${path}`);
  return { status: response.status, html: await response.text() };
}

describe('storefront', () => {
  it('lists the catalog events with venue, date and lowest price, linking to each event', async () => {
    const { status, html } = await page('/');
    expect(status).toBe(200);
    expect(html).toContain('Midnight Orchestra Live');
    expect(html).toContain('Brass Night');
    expect(html).toContain('Halle Tony Garnier, Lyon');
    expect(html).toContain('From €42.50');
    expect(html).toContain(`href="/events/${eventId}"`);
    expect(html).toMatch(/<main id="main"/);
    expect(html).toMatch(/<input type="search" name="q"/);
  });

  it('sends a content security policy and the usual security headers, without HSTS outside production', async () => {
    const response = await fetch(`${site.url}/events/${eventId}`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    // The availability island streams from the catalog's public origin.
    expect(policy).toMatch(new RegExp(`connect-src [^;]*${new URL(catalog.url).origin}`));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=(self)');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    const missing = await fetch(`${site.url}/no-such-page`);
    expect(missing.headers.get('content-security-policy')).toBe(policy);
  });

  it('passes a date range as whole days, the last one included, and explains a range that ends before it starts', async () => {
    await page('/?from=2027-03-01&to=2027-03-31');
    const asked = catalog.listQueries.at(-1);
    expect(asked?.get('from')).toBe('2027-03-01');
    expect(asked?.get('to')).toBe('2027-04-01');
    const backwards = await page('/?from=2027-03-31&to=2027-03-01');
    expect(backwards.html).toContain('data-state="bad-range"');
  });

  it("shows the start in the venue's time zone, the same on the list and the event page", async () => {
    // 19:30 UTC on 14 March 2027 is 20:30 in Lyon (CET).
    const list = await page('/');
    const event = await page(`/events/${eventId}`);
    expect(list.html).toContain('Sun, 14 Mar 2027, 20:30 CET');
    expect(event.html).toContain('Sunday, 14 March 2027 at 20:30 CET');
    // Only the machine-readable datetime attributes carry the UTC instant.
    expect(list.html).not.toMatch(/>[^<]*19:30/);
    expect(event.html).not.toMatch(/>[^<]*19:30/);
  });

  it('passes the text and city search and the page cursor to the catalog and keeps them in the form', async () => {
    const { status, html } = await page('/?q=%20orchestra%20&city=Lyon&cursor=ignored');
    expect(status).toBe(200);
    const asked = catalog.listQueries.at(-1);
    expect(asked?.get('q')).toBe('orchestra');
    expect(asked?.get('city')).toBe('Lyon');
    expect(asked?.get('cursor')).toBe('ignored');
    expect(html).toContain('value=" orchestra "');
    expect(html).toContain('value="Lyon"');
  });

  it('shows an event with its sections in order and their price tiers', async () => {
    const { status, html } = await page(`/events/${eventId}`);
    expect(status).toBe(200);
    expect(html).toContain('<h1 id="event-heading">Midnight Orchestra Live</h1>');
    expect(html).toContain('20 Place Docteurs Mérieux');
    expect(html.indexOf('Floor A')).toBeGreaterThan(-1);
    expect(html.indexOf('Floor A')).toBeLessThan(html.indexOf('Balcony B'));
    expect(html).toContain('Floor: €85.00');
    expect(html).toContain('Balcony: €42.50');
    expect(html).toContain('General admission');
    expect(html).toContain('Reserved seats');
  });

  it('answers 404 with a way back for an event the catalog does not know', async () => {
    const { status, html } = await page('/events/unknown-event');
    expect(status).toBe(404);
    expect(html).toContain('Event not found');
    expect(html).toContain('href="/"');
  });

  it('hydrates the availability island and shows the counts the catalog streams', async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    const opened = catalog.streamOpened(eventId);
    await tab.goto(`${site.url}/events/${eventId}`);
    await opened;

    const available = (id: string) => tab.locator(`[data-section="${id}"] [data-count="available"]`);
    await available('sec-floor').filter({ hasText: /^242$/ }).waitFor();
    await available('sec-balcony').filter({ hasText: /^17$/ }).waitFor();
    await tab.locator('[data-connection="live"]').waitFor();

    // A change names seats only: the island reads the document again for the new counts.
    data.availability.set(eventId, {
      eventId,
      lastEventId: 'e1-11',
      sections: [section('sec-floor', 'general', 300, 241), section('sec-balcony', 'reserved', 50, 17)],
      seats: {},
    });
    expect(catalog.push(eventId, 'delta', { kind: 'delta', seq: 11, epoch: 'e1', seats: [] })).toBe(1);
    await available('sec-floor').filter({ hasText: /^241$/ }).waitFor();

    // A snapshot carries the counts themselves.
    catalog.push(eventId, 'snapshot', {
      eventId,
      lastEventId: 'e2-1',
      sections: [section('sec-floor', 'general', 300, 200), section('sec-balcony', 'reserved', 50, 0)],
      seats: {},
    });
    await available('sec-balcony')
      .filter({ hasText: /^Sold out$/ })
      .waitFor();
    expect(await available('sec-floor').textContent()).toBe('200');
    expect(errors).toEqual([]);
    await browser.close();
    browser = undefined;
  }, 60_000);

  it('says the catalog is down, with a 503, when it does not answer, while its own health stays up', async () => {
    await catalog.close();
    const listing = await page('/?q=orchestra');
    expect(listing.status).toBe(503);
    expect(listing.html).toContain('data-state="catalog-down"');
    expect(listing.html).toContain('The event catalog is not answering right now.');
    const event = await page(`/events/${eventId}`);
    expect(event.status).toBe(503);
    expect(event.html).toContain('data-state="catalog-down"');
    const health = await fetch(`${site.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });
});
