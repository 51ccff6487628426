import { randomUUID } from 'node:crypto';
import { createAdmissionVerifier } from '@ticketing/common';
import { startTcpProxy, type TcpProxy } from '@ticketing/common/testing';
import { createHarness, eventually, type Harness } from '../testing/harness.ts';
import { insertDrop } from '../testing/drops.ts';
import { fanClient, type FanClient } from '../testing/fan-client.ts';
import { dropKeys } from '../store/keys.ts';
import type { RunningWaitingRoom } from '../composition.ts';

let h: Harness;
let proxy: TcpProxy;
let room: RunningWaitingRoom;

beforeAll(async () => {
  h = await createHarness('wr-outage');
  proxy = await startTcpProxy(6379);
  // The only instance, reaching Redis through a proxy the test can cut.
  room = await h.start({
    REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    GRACE_SECONDS: '3',
    ADMISSION_WINDOW_SECONDS: '600',
  });
});
afterAll(async () => {
  proxy.restore();
  await h.close();
  await proxy.close();
});

const body = async (response: Response) => (await response.json()) as Record<string, unknown>;

test('Redis unreachable: joins are 503 queue_unavailable, nobody is admitted, and the line resumes intact', async () => {
  const drop = await insertDrop(h.database.pool, { maxActive: 2, releaseRatePerMinute: 6_000 });
  const keys = dropKeys(h.prefix, drop.id);
  const fans: Array<{ userId: string; client: FanClient }> = [];
  for (let i = 0; i < 7; i++) {
    const userId = randomUUID();
    fans.push({ userId, client: fanClient(room.url, drop.id, await h.identity.token(userId)) });
  }
  for (const f of fans) expect((await f.client.join()).status).toBe(201);
  // Two admitted (maxActive), five waiting in order.
  const token = await eventually(async () => {
    const status = await body(await fans[1]!.client.me());
    return status.state === 'admitted' ? (status.admissionToken as string) : undefined;
  });
  const waitingBefore = await h.redis.zrange(keys.waiting, '0', '-1');
  expect(waitingBefore).toEqual(fans.slice(2).map((f) => f.userId));
  const admittedBefore = (await h.redis.zrange(keys.admitted, '0', '-1')).sort();
  const jwks = await (await fetch(`${room.url}/.well-known/jwks.json`)).json();

  proxy.cut();
  const newcomer = fanClient(room.url, drop.id, await h.identity.token(randomUUID()));
  const refused = await newcomer.join();
  expect(refused.status).toBe(503);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await body(refused)).toMatchObject({ code: 'queue_unavailable' });
  const status = await fans[3]!.client.me();
  expect(status.status).toBe(503);
  expect(await body(status)).toMatchObject({ code: 'queue_unavailable' });
  expect((await fetch(`${room.url}/ready`)).status).toBe(503);
  // An admitted fan's token still verifies offline: they keep booking.
  const booking = createAdmissionVerifier({ jwks: jwks as { keys: [] } });
  await expect(
    booking.verify(token, { userId: fans[1]!.userId, dropId: drop.id, eventId: drop.eventId }),
  ).resolves.toMatchObject({
    drop: drop.id,
  });

  // Longer than the grace period: nobody can heartbeat, and nobody may be dropped for it.
  await new Promise((resolve) => setTimeout(resolve, 4_500));
  expect((await h.redis.zrange(keys.admitted, '0', '-1')).sort()).toEqual(admittedBefore);
  expect(await h.redis.zrange(keys.waiting, '0', '-1')).toEqual(waitingBefore);

  proxy.restore();
  const back = await eventually(async () => {
    const response = await fans[2]!.client.me();
    return response.status === 503 ? undefined : { status: response.status, ...(await body(response)) };
  }, 200);
  expect(back).toMatchObject({ status: 200, state: 'waiting', position: 1 });
  for (const [i, f] of fans.slice(3).entries()) {
    expect(await body(await f.client.me())).toMatchObject({ state: 'waiting', position: i + 2 });
  }
  expect((await newcomer.join()).status).toBe(201);
  expect(await h.redis.hget(keys.outcomes, fans[2]!.userId)).toBeNull();

  // Release resumes: a slot freed after the outage goes to the head of the line.
  await h.publish('order.paid', {
    orderId: randomUUID(),
    userId: fans[0]!.userId,
    email: null,
    name: null,
    eventId: drop.eventId,
    dropId: drop.id,
    totalCents: 1,
    currency: 'EUR',
    tickets: [],
  });
  await eventually(async () => ((await body(await fans[2]!.client.me())).state === 'admitted' ? true : undefined), 200);
  expect(await body(await fans[3]!.client.me())).toMatchObject({ state: 'waiting', position: 1 });
}, 60_000);
