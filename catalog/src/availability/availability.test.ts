import { randomUUID } from 'node:crypto';
import { startTcpProxy } from '@ticketing/common/testing';
import { eventually, startCatalogHarness, withoutPosition, type CatalogHarness } from '../testing/harness.ts';
import { createWorld, holdSeats, releaseSeats, sellSeats, type World } from '@ticketing/booking/testing';
import { openSse, type SseClient } from '../testing/sse-client.ts';
import { availabilityDelta, availabilityDocument, type AvailabilityDocument } from './schema.ts';

let h: CatalogHarness;
let world: World;
const streams: SseClient[] = [];

beforeAll(async () => {
  // A long gap delay: the cache must converge through its version checks, not through a rebuild.
  h = await startCatalogHarness('catalog_availability', {
    CATALOG_GAP_REBUILD_MS: '600000',
    CATALOG_HEARTBEAT_MS: '200',
    CATALOG_CHANGE_LOG_LENGTH: '10',
  });
  world = await createWorld(h.pool, { reserved: 12, general: 6 });
  await h.catalog.feeder?.warmed;
  // The event may be younger than the start-up rebuild: a first read warms its cache.
  expect((await fetch(`${h.url}/events/${world.eventId}/availability`)).status).toBe(200);
  await eventually(
    () => h.cached(world.eventId),
    (doc) => doc !== undefined,
  );
});

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  await h.close();
});

async function stream(lastEventId?: string): Promise<SseClient> {
  const client = await openSse(`${h.url}/events/${world.eventId}/availability/stream`, lastEventId);
  streams.push(client);
  return client;
}

async function availability(eventId = world.eventId): Promise<AvailabilityDocument> {
  const response = await fetch(`${h.url}/events/${eventId}/availability`);
  expect(response.status).toBe(200);
  return availabilityDocument.parse(await response.json());
}

const handled = async () => {
  const text = await (await fetch(`${h.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('messages_handled_total{') && l.includes(h.config.CATALOG_QUEUE))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
};

describe('availability document', () => {
  test('answers with an ETag and a short shared lifetime, and 304 when the tag still matches', async () => {
    const first = await fetch(`${h.url}/events/${world.eventId}/availability`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=1');
    const body = availabilityDocument.parse(await first.json());
    expect(body.seats).toEqual({});
    expect(body.sections).toEqual([
      expect.objectContaining({ sectionId: world.reservedSectionId, kind: 'reserved', capacity: 12, available: 12 }),
      expect.objectContaining({ sectionId: world.generalSectionId, kind: 'general', capacity: 6, available: 6 }),
    ]);

    const again = await fetch(`${h.url}/events/${world.eventId}/availability`, {
      headers: { 'If-None-Match': etag ?? '' },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    const stale = await fetch(`${h.url}/events/${world.eventId}/availability`, {
      headers: { 'If-None-Match': '"other"' },
    });
    expect(stale.status).toBe(200);
  });

  test('the storefront origin may read availability and its stream from the browser', async () => {
    const origin = 'http://localhost:4321';
    const read = await fetch(`${h.url}/events/${world.eventId}/availability`, { headers: { origin } });
    expect(read.headers.get('access-control-allow-origin')).toBe(origin);
    expect(read.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    const foreign = await fetch(`${h.url}/events/${world.eventId}/availability`, {
      headers: { origin: 'http://elsewhere.test' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('an unknown event is a 404 and a malformed id a 400, on the document and the stream', async () => {
    for (const path of ['availability', 'availability/stream']) {
      const missing = await fetch(`${h.url}/events/${randomUUID()}/${path}`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { code: string }).code).toBe('event_not_found');
      const malformed = await fetch(`${h.url}/events/not-a-uuid/${path}`);
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { code: string }).code).toBe('validation_failed');
    }
  });
});

test('while Redis is unreachable the document and the stream answer 503 availability_unavailable', async () => {
  const proxy = await startTcpProxy(6379);
  try {
    const instance = await h.startInstance({ CATALOG_FEEDER: 'false', REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    const url = `${instance.server.url}/events/${world.eventId}/availability`;
    expect((await fetch(url)).status).toBe(200);
    proxy.cut();
    for (const path of ['', '/stream']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(((await response.json()) as { code: string }).code).toBe('availability_unavailable');
    }
    proxy.restore();
    const back = await eventually(
      async () => (await fetch(url)).status,
      (status) => status === 200,
    );
    expect(back).toBe(200);
  } finally {
    await proxy.close();
  }
});

describe('changes from booking', () => {
  test('a hold, a sale and a release show in /availability and on an open stream', async () => {
    const client = await stream();
    const snapshot = await client.next();
    expect(snapshot.event).toBe('snapshot');
    const [a, b, c] = world.seatIds as [string, string, string];

    await h.publish(await holdSeats(h.pool, world, [a, b]));
    const held = await client.next();
    expect(held.event).toBe('delta');
    expect(
      availabilityDelta
        .parse(JSON.parse(held.data))
        .seats.map((s) => [s.seatId, s.status])
        .sort(),
    ).toEqual(
      [
        [a, 'held'],
        [b, 'held'],
      ].sort(),
    );
    expect((await availability()).seats).toMatchObject({ [a]: 'held', [b]: 'held' });

    await h.publish(await sellSeats(h.pool, world, [a]));
    await h.publish(await releaseSeats(h.pool, world, [b]));
    const sold = availabilityDelta.parse(JSON.parse((await client.next()).data));
    const released = availabilityDelta.parse(JSON.parse((await client.next()).data));
    expect(sold.seats).toEqual([expect.objectContaining({ seatId: a, status: 'sold' })]);
    expect(released.seats).toEqual([expect.objectContaining({ seatId: b, status: 'available' })]);
    expect(released.seq).toBe(sold.seq + 1);

    await h.publish(await holdSeats(h.pool, world, [c, ...world.placeIds.slice(0, 2)]));
    await client.next();
    const document = await availability();
    expect(document.seats).toEqual({ [a]: 'sold', [c]: 'held' });
    expect(document.sections.find((s) => s.sectionId === world.generalSectionId)).toMatchObject({
      available: 4,
      held: 2,
    });
    expect(withoutPosition(document)).toEqual(await h.truth(world.eventId));
  });

  test('duplicates and reordered messages leave the cache equal to PostgreSQL', async () => {
    const [, , , d, e] = world.seatIds as [string, string, string, string, string];
    const before = await handled();
    const holdD = await holdSeats(h.pool, world, [d]);
    const sellD = await sellSeats(h.pool, world, [d]);
    const holdE = await holdSeats(h.pool, world, [e]);
    const releaseE = await releaseSeats(h.pool, world, [e]);
    // Newest first, each twice: applied naively, D would end held and E held.
    for (const envelope of [sellD, releaseE, holdD, holdE, sellD, holdD, releaseE, holdE]) await h.publish(envelope);

    await eventually(handled, (n) => n >= before + 8);
    const cached = await h.cached(world.eventId);
    expect(cached?.seats[d]).toBe('sold');
    expect(cached?.seats[e]).toBeUndefined();
    expect(withoutPosition(cached)).toEqual(await h.truth(world.eventId));
  });

  test('a hold that lapsed counts as available, like PostgreSQL says, before any release arrives', async () => {
    const [, , , , , f] = world.seatIds as [string, string, string, string, string, string];
    const before = await handled();
    const lapsed = await holdSeats(h.pool, world, [f], -5);
    await h.publish(lapsed);
    await eventually(handled, (n) => n >= before + 1);
    const truth = await h.truth(world.eventId);
    expect(truth.seats[f]).toBeUndefined();
    const document = await availability();
    expect(document.seats[f]).toBeUndefined();
    expect(withoutPosition(document)).toEqual(truth);
    expect(
      await h.redis.hget(`av:{ev:${world.eventId}}:g:${await h.redis.get(`av:{ev:${world.eventId}}:live`)}:seats`, f),
    ).toMatch(/^h\|/);
  });

  test('a cache wiped mid-run is answered from PostgreSQL meanwhile, rebuilt, and equals PostgreSQL', async () => {
    const [, , , , , , g, i] = world.seatIds as [string, string, string, string, string, string, string, string];
    await h.publish(await holdSeats(h.pool, world, [g]));
    await eventually(
      () => h.cached(world.eventId),
      (doc) => doc?.seats[g] === 'held',
    );

    await h.wipeCache();
    expect(await h.cached(world.eventId)).toBeUndefined();
    // Changes keep happening while the cache is gone.
    await sellSeats(h.pool, world, [g]);
    const holdI = await holdSeats(h.pool, world, [i]);
    const duringWipe = await availability();
    expect(withoutPosition(duringWipe)).toEqual(await h.truth(world.eventId));

    await h.publish(holdI);
    const rebuilt = await eventually(
      () => h.cached(world.eventId),
      (doc) => doc !== undefined,
    );
    expect(withoutPosition(rebuilt)).toEqual(await h.truth(world.eventId));
    expect(rebuilt?.seats).toMatchObject({ [g]: 'sold', [i]: 'held' });
  });
});

describe('the stream', () => {
  test('a client reconnecting with Last-Event-ID receives exactly the changes it missed', async () => {
    const first = await stream();
    const snapshot = await first.next();
    expect(snapshot.event).toBe('snapshot');
    expect(snapshot.id).toBeTruthy();
    first.close();

    const [, , , , , , , , j, k] = world.seatIds;
    const missed = [
      await holdSeats(h.pool, world, [j as string]),
      await holdSeats(h.pool, world, [k as string]),
      await sellSeats(h.pool, world, [j as string]),
    ];
    for (const envelope of missed) await h.publish(envelope);
    await eventually(
      () => h.cached(world.eventId),
      (doc) => doc?.seats[j as string] === 'sold',
    );

    const resumed = await stream(snapshot.id);
    const received = [await resumed.next(), await resumed.next(), await resumed.next()];
    expect(received.map((e) => e.event)).toEqual(['delta', 'delta', 'delta']);
    expect(received.map((e) => availabilityDelta.parse(JSON.parse(e.data)).messageId)).toEqual(missed.map((m) => m.id));
    const [epoch, seq] = (snapshot.id ?? '').split('-');
    expect(received.map((e) => e.id)).toEqual([1, 2, 3].map((n) => `${epoch}-${Number(seq) + n}`));

    // Nothing else was queued before the next live change.
    const live = await releaseSeats(h.pool, world, [k as string]);
    await h.publish(live);
    const next = await resumed.next();
    expect(availabilityDelta.parse(JSON.parse(next.data)).messageId).toBe(live.id);
    expect(next.id).toBe(`${epoch}-${Number(seq) + 4}`);
  });

  test('a client too far behind, or from a lost epoch, gets a full snapshot', async () => {
    const fresh = await stream();
    const snapshot = await fresh.next();
    const [epoch] = (snapshot.id ?? '').split('-');
    // More changes than the log keeps (10 in this file).
    const place = world.placeIds[5] as string;
    for (let n = 0; n < 6; n++) {
      await h.publish(await holdSeats(h.pool, world, [place]));
      await h.publish(await releaseSeats(h.pool, world, [place]));
    }
    for (let n = 0; n < 12; n++) await fresh.next();
    expect(await h.redis.xlen(`av:{ev:${world.eventId}}:log`)).toBe(10);
    for (const lastEventId of [`${epoch}-0`, `ffffffff-1`, 'garbage']) {
      const client = await stream(lastEventId);
      const first = await client.next();
      expect(first.event).toBe('snapshot');
      expect(availabilityDocument.parse(JSON.parse(first.data)).eventId).toBe(world.eventId);
    }
  });

  test('heartbeats keep an idle stream alive', async () => {
    const client = await stream();
    await client.next();
    const heartbeats = await eventually(
      async () => client.comments(),
      (n) => n >= 2,
    );
    expect(heartbeats).toBeGreaterThanOrEqual(2);
  });

  test('an instance without the feeder streams changes another instance applied', async () => {
    const second = await h.startInstance({ CATALOG_FEEDER: 'false' });
    const client = await openSse(`${second.server.url}/events/${world.eventId}/availability/stream`);
    streams.push(client);
    expect((await client.next()).event).toBe('snapshot');
    const [, , , , , , , , , , l] = world.seatIds;
    const hold = await holdSeats(h.pool, world, [l as string]);
    await h.publish(hold);
    const delta = availabilityDelta.parse(JSON.parse((await client.next()).data));
    expect(delta.messageId).toBe(hold.id);
  });
});
