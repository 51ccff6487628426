import { randomUUID } from 'node:crypto';
import { createHarness, eventually, type Harness } from '../testing/harness.ts';
import { insertDrop, type DropFixture } from '../testing/drops.ts';
import { fanClient, type FanClient } from '../testing/fan-client.ts';
import { runDropScript, scripts } from '../store/scripts.ts';
import type { RunningWaitingRoom } from '../composition.ts';

let h: Harness;
let room: RunningWaitingRoom;

beforeAll(async () => {
  h = await createHarness('wr-heartbeat');
  room = await h.start({ GRACE_SECONDS: '2', ADMISSION_WINDOW_SECONDS: '2' });
});
afterAll(() => h.close());

interface Fan {
  userId: string;
  client: FanClient;
}
const fan = async (dropId: string): Promise<Fan> => {
  const userId = randomUUID();
  return { userId, client: fanClient(room.url, dropId, await h.identity.token(userId)) };
};
const me = async (f: Fan) => {
  const response = await f.client.me();
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const admittedNow = async (f: Fan) => ((await me(f)).body.state === 'admitted' ? true : undefined);
const summary = (drop: DropFixture, userId: string) => ({
  orderId: randomUUID(),
  userId,
  email: null,
  name: null,
  eventId: drop.eventId,
  dropId: drop.id,
  totalCents: 1000,
  currency: 'EUR',
});

test('a fan who stops heartbeating loses their place and the fans behind move up', async () => {
  const drop = await insertDrop(h.database.pool, { paused: true });
  const [silent, second, third] = [await fan(drop.id), await fan(drop.id), await fan(drop.id)];
  for (const f of [silent, second, third]) expect((await f.client.join()).status).toBe(201);
  expect((await me(third)).body).toMatchObject({ position: 3 });

  // The others keep asking (each ask is a heartbeat); the silent fan never does.
  const moved = await eventually(async () => {
    const [b, c] = [await me(second), await me(third)];
    return b.body.position === 1 && c.body.position === 2 ? true : undefined;
  }, 300);
  expect(moved).toBe(true);
  const gone = await me(silent);
  expect(gone.status).toBe(404);
  expect(gone.body).toMatchObject({ code: 'not_in_queue', reason: 'inactive' });
  // Joining again puts the fan at the back, not back in their old place.
  expect((await silent.client.join()).status).toBe(201);
  expect((await me(silent)).body).toMatchObject({ position: 3 });
}, 30_000);

test('a fan who pays frees their slot at once: the next fan is admitted', async () => {
  // A long admission window, so only the payment can free the slot.
  const longWindow = await h.start({ ADMISSION_WINDOW_SECONDS: '600' });
  const drop = await insertDrop(h.database.pool, { maxActive: 1, releaseRatePerMinute: 6_000 });
  const [buyer, next] = [await fan(drop.id), await fan(drop.id)];
  await buyer.client.join();
  await eventually(() => admittedNow(buyer));
  await next.client.join();
  // The one slot is taken: the next fan waits at the head of the line.
  expect((await me(next)).body).toMatchObject({ state: 'waiting', position: 1 });

  await h.publish('order.paid', { ...summary(drop, buyer.userId), tickets: [] });
  const admitted = await eventually(async () => {
    const answer = await me(next);
    return answer.body.state === 'admitted' ? answer.body : undefined;
  });
  expect(typeof admitted.admissionToken).toBe('string');
  const finished = await me(buyer);
  expect(finished.status).toBe(404);
  expect(finished.body).toMatchObject({ code: 'not_in_queue', reason: 'finished' });
  await longWindow.close();
}, 30_000);

test('a hold released after the admission window frees the slot at once; a converted one does not', async () => {
  const drop = await insertDrop(h.database.pool, { maxActive: 1, releaseRatePerMinute: 6_000 });
  const [holder, next] = [await fan(drop.id), await fan(drop.id)];
  await holder.client.join();
  await eventually(() => admittedNow(holder));
  await next.client.join();
  const hold = { holdId: randomUUID(), eventId: drop.eventId, dropId: drop.id, userId: holder.userId };
  // The hold keeps the fan active past their two-second admission window.
  await h.publish('hold.created', { ...hold, seatCount: 2, expiresAt: new Date(Date.now() + 60_000).toISOString() });
  await h.publish('hold.ended', { ...hold, reason: 'converted' });
  // Past the window, the waiting fan heartbeating all along.
  for (let i = 0; i < 6; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await me(next)).body.state).toBe('waiting');
  }
  expect((await me(holder)).body.state).toBe('admitted');
  expect((await me(next)).body).toMatchObject({ state: 'waiting', position: 1 });

  await h.publish('hold.ended', { ...hold, reason: 'released' });
  await eventually(() => admittedNow(next));
  expect((await me(holder)).body).toMatchObject({ code: 'not_in_queue', reason: 'abandoned' });
}, 30_000);

test('an admission unused past its window frees the slot', async () => {
  const drop = await insertDrop(h.database.pool, { maxActive: 1, releaseRatePerMinute: 6_000 });
  const [idle, next] = [await fan(drop.id), await fan(drop.id)];
  await idle.client.join();
  await eventually(() => admittedNow(idle));
  await next.client.join();
  await eventually(() => admittedNow(next), 300);
  expect((await me(idle)).body).toMatchObject({ code: 'not_in_queue', reason: 'admission_expired' });
}, 30_000);

test("a message about a fan's earlier admission does not end the current one", async () => {
  const drop = await insertDrop(h.database.pool);
  const f = await fan(drop.id);
  await f.client.join();
  await eventually(() => admittedNow(f));
  const finish = (occurredAt: number) =>
    runDropScript(h.redis, h.prefix, scripts.finish, drop.id, [f.userId, occurredAt, 'finished', 2_000]);
  // Paid an hour ago: that was some earlier admission of this fan.
  expect(await finish(Date.now() - 3_600_000)).toBe(0);
  expect((await me(f)).body.state).toBe('admitted');
  expect(await finish(Date.now())).toBe(1);
  expect(await finish(Date.now())).toBe(0);
  expect((await me(f)).body).toMatchObject({ code: 'not_in_queue', reason: 'finished' });
});
