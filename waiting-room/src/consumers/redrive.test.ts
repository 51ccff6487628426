import { randomUUID } from 'node:crypto';
import { parkedQueueName } from '@ticketing/common';
import { startTcpProxy, type TcpProxy } from '@ticketing/common/testing';
import { createHarness, eventually, type Harness } from '../testing/harness.ts';
import { insertDrop } from '../testing/drops.ts';
import { fanClient } from '../testing/fan-client.ts';
import type { RunningWaitingRoom } from '../composition.ts';

/**
 * An event that arrives while Redis is away fails its retries and is parked;
 * once Redis answers again it is put back on the queue by itself and does
 * what it should have done (here: a paid order frees its fan's slot, and the
 * next fan in line is admitted).
 */

let h: Harness;
let proxy: TcpProxy;
let room: RunningWaitingRoom;

beforeAll(async () => {
  h = await createHarness('wr-redrive');
  proxy = await startTcpProxy(6379);
  room = await h.start({
    REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    ADMISSION_WINDOW_SECONDS: '600',
    WAITING_ROOM_RETRY_DELAYS_MS: '50,100',
    WAITING_ROOM_REDRIVE_MS: '200',
  });
});
afterAll(async () => {
  proxy.restore();
  await h.close();
  await proxy.close();
});

const parked = async () =>
  (await h.rabbit.queueDeclare({ queue: parkedQueueName(h.queue), passive: true })).messageCount;

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${room.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`queue="${h.queue}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

test('an event parked during a Redis outage is re-driven once Redis is back', async () => {
  const drop = await insertDrop(h.database.pool, { maxActive: 1, releaseRatePerMinute: 6_000 });
  const [first, second] = [randomUUID(), randomUUID()];
  const firstFan = fanClient(room.url, drop.id, await h.identity.token(first));
  const secondFan = fanClient(room.url, drop.id, await h.identity.token(second));
  expect((await firstFan.join()).status).toBe(201);
  await eventually(async () => {
    const status = (await (await firstFan.me()).json()) as { state: string };
    return status.state === 'admitted' ? true : undefined;
  });
  expect((await secondFan.join()).status).toBe(201);

  proxy.cut();
  await h.publish('order.paid', {
    orderId: randomUUID(),
    userId: first,
    email: null,
    name: null,
    eventId: drop.eventId,
    dropId: drop.id,
    totalCents: 1,
    currency: 'EUR',
    tickets: [],
  });
  await eventually(async () => ((await parked()) === 1 ? true : undefined));
  // While Redis is still away, sweeps leave it parked.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await parked()).toBe(1);
  expect(await metric('messages_redriven_total')).toBe(0);

  proxy.restore();
  const admitted = await eventually(async () => {
    const response = await secondFan.me();
    if (response.status !== 200) return undefined;
    const status = (await response.json()) as { state: string };
    return status.state === 'admitted' ? status : undefined;
  }, 100);
  expect(admitted.state).toBe('admitted');
  expect(await parked()).toBe(0);
  expect(await metric('messages_redriven_total')).toBe(1);
  expect(await metric('messages_parked_for_good')).toBe(0);
}, 60_000);
