import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { testRedisUrl } from '@ticketing/common/testing';
import { createHarness, eventually, readDropEvents, type Harness } from '../testing/harness.ts';
import { insertDrop } from '../testing/drops.ts';
import { fanAgent, requestAs } from '../testing/http-client.ts';
import { newsChannel } from '../store/keys.ts';
import type { RunningWaitingRoom } from '../composition.ts';

const fans = 10_000;
const ratePerMinute = 24_000;
const maxActive = 300;

let h: Harness;
let instances: RunningWaitingRoom[];
let news: Redis;

beforeAll(async () => {
  h = await createHarness('wr-release');
  const env = {
    EVENTS_STREAM_LENGTH: '1000000',
    JOIN_PER_IP_PER_MINUTE: '10000000',
    STATUS_PER_IP_PER_MINUTE: '10000000',
    GRACE_SECONDS: '600',
  };
  instances = [await h.start(env), await h.start(env)];
  news = new Redis(testRedisUrl);
});
afterAll(async () => {
  news.disconnect();
  await h.close();
});

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

test('two instances, 10,000 fans joining at once: each admitted exactly once, in arrival order, within rate and maxActive', async () => {
  const drop = await insertDrop(h.database.pool, { releaseRatePerMinute: ratePerMinute, maxActive, size: fans });
  const users = Array.from({ length: fans }, () => randomUUID());
  const tokens = await Promise.all(users.map((u) => h.identity.token(u)));

  // Booking's part, played by the test: the first fans pay at once (the
  // release rate is what holds the line back), the later ones after a
  // second (so the maxActive cap has to).
  let admittedSoFar = 0;
  const payments: Promise<void>[] = [];
  news.on('message', (_channel: string, text: string) => {
    const message = JSON.parse(text) as { k: string; drop: string; admitted?: string[] | object };
    if (message.k !== 'tick' || message.drop !== drop.id || !Array.isArray(message.admitted)) return;
    for (const userId of message.admitted) {
      const delayMs = admittedSoFar++ < fans / 2 ? 0 : 1_000;
      payments.push(
        new Promise<void>((resolve) => setTimeout(resolve, delayMs)).then(() =>
          h.publish('order.paid', {
            orderId: randomUUID(),
            userId,
            email: null,
            name: null,
            eventId: drop.eventId,
            dropId: drop.id,
            totalCents: 1000,
            currency: 'EUR',
            tickets: [],
          }),
        ),
      );
    }
  });
  await news.subscribe(newsChannel(h.prefix));

  const timing = new Map<string, { start: number; end: number }>();
  const agent = fanAgent(200);
  await inParallel(users, 400, async (userId, i) => {
    const instance = instances[i % 2]!;
    const start = performance.now();
    const response = await requestAs(agent, 'POST', `${instance.url}/drops/${drop.id}/queue`, tokens[i]!);
    const end = performance.now();
    expect(response.status).toBe(201);
    timing.set(userId, { start, end });
  });

  const events = await eventually(async () => {
    const all = await readDropEvents(h.redis, h.prefix, drop.id);
    return all.filter((e) => e.type === 'finished').length === fans ? all : undefined;
  }, 250);
  await Promise.all(payments);

  // Exactly once each, nobody else.
  const admitted = events.filter((e) => e.type === 'admitted');
  expect(admitted).toHaveLength(fans);
  expect(new Set(admitted.map((e) => e.user))).toEqual(new Set(users));

  // In arrival order: places strictly increase along the admissions...
  const places = admitted.map((e) => e.place!);
  expect(places.every((p, i) => i === 0 || p > places[i - 1]!)).toBe(true);
  // ...and a fan whose join was answered before another fan's join was
  // sent always has the earlier place.
  const placeOf = new Map(admitted.map((e) => [e.user, e.place!]));
  const byStart = [...timing.entries()].sort((a, b) => a[1].start - b[1].start);
  const byEnd = [...timing.entries()].sort((a, b) => a[1].end - b[1].end);
  let highestFinished = -Infinity;
  let cursor = 0;
  let orderViolations = 0;
  for (const [user, { start }] of byStart) {
    while (cursor < byEnd.length && byEnd[cursor]![1].end < start) {
      highestFinished = Math.max(highestFinished, placeOf.get(byEnd[cursor]![0])!);
      cursor++;
    }
    if (highestFinished > placeOf.get(user)!) orderViolations++;
  }
  expect(orderViolations).toBe(0);

  // The release rate: replaying the admissions through the token bucket
  // (capacity one second's worth, refilled by Redis's clock) never overdraws it.
  const capacity = Math.max(1, ratePerMinute / 60);
  let tokens2 = capacity;
  let last = admitted[0]!.at;
  let lowest = Infinity;
  for (const e of admitted) {
    tokens2 = Math.min(capacity, tokens2 + ((e.at - last) * ratePerMinute) / 60_000) - 1;
    last = e.at;
    lowest = Math.min(lowest, tokens2);
  }
  expect(lowest).toBeGreaterThanOrEqual(-1e-6);
  // ...and the bucket did run dry, so the rate was what limited release.
  expect(lowest).toBeLessThan(1);

  // maxActive: admitted and not finished never exceeds the cap, and the cap was reached.
  let active = 0;
  let peak = 0;
  for (const e of events) {
    if (e.type === 'admitted') active++;
    else if (e.type === 'finished' || e.type === 'abandoned' || e.type === 'expired') active--;
    peak = Math.max(peak, active);
  }
  expect(peak).toBe(maxActive);
  expect(active).toBe(0);
}, 240_000);
