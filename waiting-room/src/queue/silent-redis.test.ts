import { randomUUID } from 'node:crypto';
import { startTcpProxy, type TcpProxy } from '@ticketing/common/testing';
import { createHarness, eventually, type Harness } from '../testing/harness.ts';
import { insertDrop } from '../testing/drops.ts';
import { fanClient } from '../testing/fan-client.ts';
import type { RunningWaitingRoom } from '../composition.ts';

/**
 * Redis that stops answering without closing anything (a partition, a hung
 * server), unlike a refused port (outage.test.ts): joins and status reads
 * fail fast with 503 queue_unavailable, and the line resumes when it answers.
 */

let h: Harness;
let proxy: TcpProxy;
let room: RunningWaitingRoom;

beforeAll(async () => {
  h = await createHarness('wr-silent');
  proxy = await startTcpProxy(6379);
  room = await h.start({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, ADMISSION_WINDOW_SECONDS: '600' });
});
afterAll(async () => {
  proxy.restore();
  await h.close();
  await proxy.close();
});

// A hang would last until TCP gives up; this bound only tells a fast failure from one.
const noHangMs = 5_000;

async function timed(request: () => Promise<Response>) {
  const started = performance.now();
  const response = await request();
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, body, headers: response.headers, ms: performance.now() - started };
}

test('a silent Redis answers 503 queue_unavailable with Retry-After, and the line resumes when it answers', async () => {
  const drop = await insertDrop(h.database.pool, { maxActive: 1, releaseRatePerMinute: 6_000 });
  const first = fanClient(room.url, drop.id, await h.identity.token(randomUUID()));
  const second = fanClient(room.url, drop.id, await h.identity.token(randomUUID()));
  expect((await first.join()).status).toBe(201);
  expect((await second.join()).status).toBe(201);

  proxy.silence();
  const newcomer = fanClient(room.url, drop.id, await h.identity.token(randomUUID()));
  const joins = [];
  const reads = [];
  for (let i = 0; i < 3; i++) {
    joins.push(await timed(() => newcomer.join()));
    reads.push(await timed(() => second.me()));
  }
  for (const answer of [...joins, ...reads]) {
    expect([answer.status, answer.body.code]).toEqual([503, 'queue_unavailable']);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answer.ms).toBeLessThan(noHangMs);
  }
  expect((await fetch(`${room.url}/ready`)).status).toBe(503);
  console.info(
    `silent Redis: answers after ${[...joins, ...reads].map((a) => a.ms.toFixed(0)).join(', ')} ms (join, status, ...)`,
  );

  proxy.restore();
  const back = await eventually(async () => {
    const response = await second.me();
    return response.status === 503 ? undefined : { status: response.status, ...((await response.json()) as object) };
  }, 200);
  expect(back).toMatchObject({ status: 200, state: 'waiting', position: 1 });
  expect((await newcomer.join()).status).toBe(201);
  expect((await fetch(`${room.url}/ready`)).status).toBe(200);
}, 60_000);
