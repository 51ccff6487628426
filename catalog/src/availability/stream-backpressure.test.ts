import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { once } from 'node:events';
import { eventually, startCatalogHarness, type CatalogHarness } from '../testing/harness.ts';
import { createWorld, type World } from '@ticketing/booking/testing';
import { openSse } from '../testing/sse-client.ts';

const limit = 65_536;
let h: CatalogHarness;
let world: World;

beforeAll(async () => {
  h = await startCatalogHarness('catalog_backpressure', {
    CATALOG_STREAM_BUFFER_BYTES: String(limit),
    CATALOG_GAP_REBUILD_MS: '600000',
    CATALOG_HEARTBEAT_MS: '100',
  });
  world = await createWorld(h.pool, { reserved: 300, general: 1 });
  await h.catalog.feeder?.warmed;
  expect((await fetch(`${h.url}/events/${world.eventId}/availability`)).status).toBe(200);
  await eventually(
    () => h.cached(world.eventId),
    (doc) => doc !== undefined,
  );
});

afterAll(async () => {
  await h.close();
});

let version = 1_000;

/** One change of every reserved seat: a delta of some 30 KB. */
async function changeEverySeat(): Promise<void> {
  version += 1;
  const result = await h.catalog.cache.apply([
    {
      eventId: world.eventId,
      messageId: randomUUID(),
      occurredAtMs: Date.now(),
      seats: world.seatIds.map((seatId) => ({
        seatId,
        sectionId: world.reservedSectionId,
        status: version % 2 === 0 ? 'held' : 'available',
        version,
        heldUntilMs: null,
      })),
    },
  ]);
  expect(result.changed).toBe(world.seatIds.length);
}

async function overflows(): Promise<number> {
  const text = await (await fetch(`${h.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('catalog_stream_overflows_total'));
  return Number(line?.split(' ').at(-1) ?? 0);
}

test('a client that stops reading is disconnected once its buffer passes the limit, and the buffer stays bounded', async () => {
  const { hostname, port } = new URL(h.url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  let closed = false;
  socket.once('close', () => (closed = true));
  socket.on('error', () => undefined);
  try {
    // Asks for the stream, then never reads: the kernel buffers fill, and then the server's.
    socket.pause();
    socket.write(
      `GET /events/${world.eventId}/availability/stream HTTP/1.1\r\nHost: ${hostname}\r\nAccept: text/event-stream\r\n\r\n`,
    );
    expect(
      await eventually(
        async () => h.catalog.hub.clientCount(),
        (n) => n === 1,
      ),
    ).toBe(1);

    let largestBuffer = 0;
    for (let n = 0; n < 2_000 && h.catalog.hub.clientCount() > 0 && largestBuffer <= 8 * limit; n++) {
      await changeEverySeat();
      // Lets the hub write this change out before looking at what is buffered.
      await new Promise((resolve) => setImmediate(resolve));
      largestBuffer = Math.max(largestBuffer, h.catalog.hub.bufferedBytes());
    }
    const [entry] = await h.redis.xrevrange(`av:{ev:${world.eventId}}:log`, '+', '-', 'COUNT', 1);
    const frameBytes = (entry?.[1][1]?.length ?? 0) + 200;

    expect(h.catalog.hub.clientCount()).toBe(0);
    expect(largestBuffer).toBeLessThanOrEqual(limit + frameBytes);
    expect(await overflows()).toBe(1);
    // What the kernel still held reaches the client, then the end of the connection.
    socket.resume();
    expect(
      await eventually(
        () => Promise.resolve(closed),
        (c) => c,
      ),
    ).toBe(true);
  } finally {
    socket.destroy();
  }
});

test('a client that keeps reading stays connected through far more changes than the limit', async () => {
  const client = await openSse(`${h.url}/events/${world.eventId}/availability/stream`);
  try {
    expect((await client.next()).event).toBe('snapshot');
    const before = await overflows();
    for (let n = 0; n < 20; n++) {
      await changeEverySeat();
      expect((await client.next()).event).toBe('delta');
    }
    expect(await overflows()).toBe(before);
    expect(h.catalog.hub.clientCount()).toBe(1);
  } finally {
    client.close();
  }
});

test('a client resuming from further back than the limit holds gets a snapshot instead of being cut off', async () => {
  const first = await openSse(`${h.url}/events/${world.eventId}/availability/stream`);
  const snapshot = await first.next();
  first.close();
  // Some 1.2 MB of missed changes, written at once they would pass the limit.
  for (let n = 0; n < 40; n++) await changeEverySeat();
  const before = await overflows();
  const position = await h.catalog.cache.position(world.eventId);

  const resumed = await openSse(`${h.url}/events/${world.eventId}/availability/stream`, snapshot.id);
  try {
    const caughtUp = await resumed.next();
    expect(caughtUp.event).toBe('snapshot');
    expect(caughtUp.id).toBe(`${position.epoch}-${position.seq}`);
    await changeEverySeat();
    const live = await resumed.next();
    expect(live.event).toBe('delta');
    expect(live.id).toBe(`${position.epoch}-${position.seq + 1}`);
    expect(await overflows()).toBe(before);
  } finally {
    resumed.close();
  }
});
