import { randomUUID } from 'node:crypto';
import { startCatalogHarness, type CatalogHarness } from '../testing/harness.ts';
import { createWorld, type World } from '@ticketing/booking/testing';
import { eventDetail, eventPage, type EventPage } from '@ticketing/common/contracts/event-listing';
import { seatMap } from '@ticketing/common/contracts/seat-map';

let h: CatalogHarness;
let jazz: World;
let opera: World;
let draft: World;

const day = 86_400_000;
const base = Date.UTC(2031, 5, 1, 20);

beforeAll(async () => {
  h = await startCatalogHarness('catalog_events', { CATALOG_FEEDER: 'false' });
  jazz = await createWorld(h.pool, {
    eventName: 'Midnight Jazz',
    description: 'Saxophones until late',
    venueName: 'Blue Hall',
    city: 'Porto',
    startsAt: new Date(base + 2 * day),
    priceCents: 3_000,
  });
  opera = await createWorld(h.pool, {
    eventName: 'La Traviata',
    description: 'Opera in three acts, 100% live',
    venueName: 'Teatro Nacional',
    city: 'Lisbon',
    startsAt: new Date(base + day),
  });
  await createWorld(h.pool, {
    eventName: 'Rock Night',
    venueName: 'Jazz Cellar',
    city: 'lisbon',
    startsAt: new Date(base + 3 * day),
  });
  draft = await createWorld(h.pool, { eventName: 'Secret Jazz', city: 'Porto', status: 'draft' });
});

afterAll(async () => {
  await h.close();
});

async function list(query: string): Promise<EventPage> {
  const response = await fetch(`${h.url}/events?${query}`);
  expect(response.status).toBe(200);
  return eventPage.parse(await response.json());
}

const names = (page: EventPage) => page.items.map((e) => e.name);

describe('GET /events', () => {
  test('lists published events by start time, with venue and lowest price', async () => {
    const page = await list('');
    expect(names(page)).toEqual(['La Traviata', 'Midnight Jazz', 'Rock Night']);
    expect(page.items[1]).toMatchObject({
      id: jazz.eventId,
      venue: { name: 'Blue Hall', city: 'Porto', timezone: 'UTC' },
      priceFrom: { cents: 3_000, currency: 'EUR' },
      nextDrop: { id: jazz.dropId, name: 'Main', prequeueOpensAt: null, closesAt: null, paused: false },
    });
    expect(new Date(page.items[1]?.nextDrop?.opensAt ?? '').toISOString()).toBe(page.items[1]?.nextDrop?.opensAt);
    expect(page.nextCursor).toBeNull();
  });

  test('searches the name, the description and the venue, case-insensitively, wildcards literal', async () => {
    expect(names(await list('q=jazz'))).toEqual(['Midnight Jazz', 'Rock Night']);
    expect(names(await list('q=SAXOPHONE'))).toEqual(['Midnight Jazz']);
    expect(names(await list('q=100%25'))).toEqual(['La Traviata']);
    expect(names(await list('q=%25'))).toEqual(['La Traviata']);
  });

  test('filters by city and by a date range', async () => {
    expect(names(await list('city=LISBON'))).toEqual(['La Traviata', 'Rock Night']);
    const from = new Date(base + 1.5 * day).toISOString();
    const to = new Date(base + 3 * day).toISOString();
    expect(names(await list(`from=${from}&to=${to}`))).toEqual(['Midnight Jazz']);
    expect(names(await list(`city=Lisbon&from=${from}`))).toEqual(['Rock Night']);
  });

  test('pages with a cursor in every sort order, without repeats or gaps', async () => {
    for (const [sort, expected] of [
      ['starts_at', ['La Traviata', 'Midnight Jazz', 'Rock Night']],
      ['-starts_at', ['Rock Night', 'Midnight Jazz', 'La Traviata']],
      ['name', ['La Traviata', 'Midnight Jazz', 'Rock Night']],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: EventPage = await list(`sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...names(page));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual(expected);
    }
  });

  test('bad parameters are 400s with codes', async () => {
    const cases: Array<[string, string]> = [
      ['limit=0', 'validation_failed'],
      ['limit=1000', 'validation_failed'],
      ['sort=price', 'validation_failed'],
      ['from=yesterday', 'validation_failed'],
      ['from=2031-06-05&to=2031-06-01', 'validation_failed'],
      ['cursor=not-a-cursor', 'invalid_cursor'],
    ];
    for (const [query, code] of cases) {
      const response = await fetch(`${h.url}/events?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
      expect(((await response.json()) as { code: string }).code).toBe(code);
    }
    // A NUL character in the search text, or in any parameter, names the field; nothing reaches PostgreSQL.
    for (const query of ['q=jazz%00', 'city=%00', 'cursor=%00']) {
      const response = await fetch(`${h.url}/events?${query}`);
      const body = (await response.json()) as { code: string; errors: Array<{ in: string; code: string }> };
      expect([query, response.status, body.code]).toEqual([query, 400, 'validation_failed']);
      expect(body.errors.map((e) => [e.in, e.code])).toEqual([['query', 'nul_character']]);
    }
    const inPath = await fetch(`${h.url}/events/a%00b`);
    expect(inPath.status).toBe(400);
    const first = await list('sort=name&limit=1');
    const mixed = await fetch(`${h.url}/events?sort=starts_at&cursor=${first.nextCursor ?? ''}`);
    expect(mixed.status).toBe(400);
    expect(((await mixed.json()) as { code: string }).code).toBe('invalid_cursor');
  });
});

describe('GET /events/:id and /seatmap', () => {
  test('an event carries its venue, price tiers and drops', async () => {
    const response = await fetch(`${h.url}/events/${opera.eventId}`);
    expect(response.status).toBe(200);
    const event = eventDetail.parse(await response.json());
    expect(event).toMatchObject({
      name: 'La Traviata',
      venue: { name: 'Teatro Nacional', address: 'Rua 1', timezone: 'UTC' },
      priceTiers: [{ id: opera.tierId, priceCents: 4_500, currency: 'EUR' }],
      drops: [{ id: opera.dropId, size: 15 }],
    });
  });

  test('the seat map has sections, rows, seats with positions, and capacity for general admission', async () => {
    const response = await fetch(`${h.url}/events/${jazz.eventId}/seatmap`);
    expect(response.status).toBe(200);
    const map = seatMap.parse(await response.json());
    const [stalls, floor] = map.sections;
    expect(stalls).toMatchObject({ id: jazz.reservedSectionId, kind: 'reserved', capacity: 10 });
    expect(stalls?.geometry).toEqual({
      outline: [
        [0, 0],
        [100, 0],
        [100, 50],
      ],
    });
    expect(stalls?.rows).toHaveLength(1);
    expect(stalls?.rows[0]?.seats.map((s) => s.label)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(stalls?.rows[0]?.seats[2]).toEqual({
      id: jazz.seatIds[2],
      label: '3',
      x: 30,
      y: 5,
      priceTierId: jazz.tierId,
    });
    expect(floor).toMatchObject({ id: jazz.generalSectionId, kind: 'general', capacity: 5, rows: [] });
  });

  test('drafts and unknown ids are 404 event_not_found, malformed ids 400', async () => {
    for (const id of [draft.eventId, randomUUID()]) {
      for (const path of ['', '/seatmap']) {
        const response = await fetch(`${h.url}/events/${id}${path}`);
        expect(response.status).toBe(404);
        expect(((await response.json()) as { code: string }).code).toBe('event_not_found');
      }
    }
    const malformed = await fetch(`${h.url}/events/123`);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe('validation_failed');
  });
});
