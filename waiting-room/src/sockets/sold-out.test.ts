import { randomUUID } from 'node:crypto';
import { createHarness, eventually, type Harness } from '../testing/harness.ts';
import { insertDrop, updateDrop } from '../testing/drops.ts';
import { fanClient } from '../testing/fan-client.ts';
import { openFanSocket, type FanSocket } from '../testing/fan-socket.ts';
import type { RunningWaitingRoom } from '../composition.ts';

let h: Harness;
let a: RunningWaitingRoom;
let b: RunningWaitingRoom;

beforeAll(async () => {
  h = await createHarness('wr-sockets');
  // No periodic pushes during the test: whatever reaches a socket was pushed
  // the moment it happened.
  const env = { WS_PUSH_MS: '60000', ADMISSION_WINDOW_SECONDS: '600' };
  a = await h.start(env);
  b = await h.start(env);
});
afterAll(() => h.close());

const upgradeFailure = async (opening: Promise<FanSocket>) => {
  try {
    (await opening).close();
  } catch (error) {
    return error as { status: number; body: { code: string } };
  }
  throw new Error('the socket opened');
};

test('sold out reaches every waiting socket on both instances at once, and reopening keeps the order', async () => {
  const drop = await insertDrop(h.database.pool, { maxActive: 1, releaseRatePerMinute: 6_000 });
  const inventory = { dropId: drop.id, eventId: drop.eventId };
  const buyer = randomUUID();
  const buyerClient = fanClient(a.url, drop.id, await h.identity.token(buyer));
  await buyerClient.join();
  await eventually(async () => {
    const status = (await (await buyerClient.me()).json()) as { state: string };
    return status.state === 'admitted' ? true : undefined;
  });

  // Forty fans in line; each joined through one instance and watches through the other.
  const waiting: Array<{ userId: string; socket: FanSocket; position: number }> = [];
  for (let i = 0; i < 40; i++) {
    const userId = randomUUID();
    const token = await h.identity.token(userId);
    expect((await fanClient((i % 2 ? a : b).url, drop.id, token).join()).status).toBe(201);
    const socket = await openFanSocket((i % 2 ? b : a).url, drop.id, token, i % 4 === 0 ? 'query' : 'protocol');
    const first = await socket.next(() => true);
    expect(first).toMatchObject({ state: 'waiting', position: i + 1 });
    waiting.push({ userId, socket, position: i + 1 });
  }
  expect(waiting.every((w) => w.socket.socket.protocol === 'queue.v1')).toBe(true);

  const soldOutMark = waiting.map((w) => w.socket.messages.length);
  await h.publish('drop.inventory', { ...inventory, available: 0, held: 0, soldOut: true });
  const soldOut = await Promise.all(
    waiting.map((w, i) => w.socket.next((m) => m.state === 'sold_out', soldOutMark[i])),
  );
  soldOut.forEach((message, i) => expect(message).toMatchObject({ position: i + 1, etaSeconds: null }));
  // Nobody is admitted while sold out, even with a slot free.
  const late = fanClient(a.url, drop.id, await h.identity.token(randomUUID()));
  expect(await (await late.join()).json()).toMatchObject({ state: 'sold_out', position: 41 });
  await h.publish('order.paid', {
    orderId: randomUUID(),
    userId: buyer,
    email: null,
    name: null,
    eventId: drop.eventId,
    dropId: drop.id,
    totalCents: 1,
    currency: 'EUR',
    tickets: [],
  });
  await eventually(async () => ((await buyerClient.me()).status === 404 ? true : undefined));
  // A stale report (older than the sold-out one) does not reopen the line.
  await h.publish(
    'drop.inventory',
    { ...inventory, available: 3, held: 0, soldOut: false },
    new Date(Date.now() - 60_000),
  );

  // Seats come back: the line reopens in its old order and the head is admitted.
  const mark = waiting.map((w) => w.socket.messages.length);
  // While sold out, no socket heard of an admission.
  waiting.forEach((w, i) =>
    expect(w.socket.messages.slice(soldOutMark[i], mark[i]).map((m) => m.state)).not.toContain('admitted'),
  );
  await h.publish('drop.inventory', { ...inventory, available: 2, held: 0, soldOut: false }, new Date(Date.now() + 1));
  const head = await waiting[0]!.socket.next((m) => m.state === 'admitted', mark[0]);
  expect(typeof head.admissionToken).toBe('string');
  const reopened = await Promise.all(
    waiting.slice(1).map((w, i) => w.socket.next((m) => m.state === 'waiting', mark[i + 1])),
  );
  const positions = reopened.map((m) => m.position as number);
  // The same order as before: each fan still right behind the one before them.
  expect(positions.every((p, i) => i === 0 || p === positions[i - 1]! + 1)).toBe(true);
  expect(positions[0]).toBeLessThanOrEqual(2);
  for (const w of waiting) w.socket.close();
}, 60_000);

test('while every remaining seat is in a live hold the line waits, neither sold out nor admitting', async () => {
  // Paused while the scene is set, so nobody is admitted before booking's count arrives.
  const drop = await insertDrop(h.database.pool, { maxActive: 5, releaseRatePerMinute: 6_000, paused: true });
  const inventory = { dropId: drop.id, eventId: drop.eventId };
  const token = await h.identity.token(randomUUID());
  const fan = fanClient(a.url, drop.id, token);
  expect((await fan.join()).status).toBe(201);
  await h.publish('drop.inventory', { ...inventory, available: 0, held: 3, soldOut: false });
  await eventually(async () => ((await b.ticker.pulse(drop.id))?.available === 0 ? true : undefined));
  await updateDrop(h.database.pool, drop.id, { paused: false });
  await h.publish('drop.changed', { dropId: drop.id, eventId: drop.eventId, version: 2 });
  const socket = await openFanSocket(b.url, drop.id, token);
  await socket.next((m) => m.state === 'waiting');
  // Slots are free and time passes tick after tick, yet nobody is let in to meet held seats.
  for (let i = 0; i < 5; i++) {
    const pulse = await b.ticker.pulse(drop.id);
    expect(pulse).toMatchObject({ soldOut: false, available: 0 });
    expect(((await (await fan.me()).json()) as { state: string }).state).toBe('waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const mark = socket.messages.length;
  await h.publish('drop.inventory', { ...inventory, available: 1, held: 2, soldOut: false }, new Date(Date.now() + 1));
  expect(await socket.next((m) => m.state === 'admitted', mark)).toMatchObject({ state: 'admitted' });
  socket.close();
}, 60_000);

test('a socket needs a fan token and a place in line', async () => {
  const drop = await insertDrop(h.database.pool, { paused: true });
  const none = await upgradeFailure(openFanSocket(a.url, drop.id, 'not-a-token'));
  expect([none.status, none.body.code]).toEqual([401, 'token_invalid']);
  const organizer = await upgradeFailure(openFanSocket(a.url, drop.id, await h.identity.token('org', ['organizer'])));
  expect([organizer.status, organizer.body.code]).toEqual([403, 'insufficient_role']);
  const stranger = await upgradeFailure(openFanSocket(a.url, drop.id, await h.identity.token(randomUUID())));
  expect([stranger.status, stranger.body.code]).toEqual([404, 'not_in_queue']);
  const unknown = await upgradeFailure(openFanSocket(a.url, randomUUID(), await h.identity.token(randomUUID())));
  expect([unknown.status, unknown.body.code]).toEqual([404, 'drop_not_found']);
  const malformed = await upgradeFailure(openFanSocket(a.url, 'nope', await h.identity.token(randomUUID())));
  expect([malformed.status, malformed.body.code]).toEqual([400, 'validation_failed']);
});

test('a fan who leaves is told over their socket, which closes', async () => {
  const drop = await insertDrop(h.database.pool, { paused: true });
  const userId = randomUUID();
  const token = await h.identity.token(userId);
  const client = fanClient(a.url, drop.id, token);
  await client.join();
  const socket = await openFanSocket(b.url, drop.id, token);
  expect(await socket.next(() => true)).toMatchObject({ state: 'paused', position: 1 });
  await client.leave();
  // The next push (here: the drop selling out) finds them gone.
  await h.publish('drop.inventory', { dropId: drop.id, eventId: drop.eventId, available: 0, held: 0, soldOut: true });
  expect(await socket.closed).toEqual({ code: 4404, reason: 'not_in_queue:left' });
});
