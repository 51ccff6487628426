import { randomUUID } from 'node:crypto';
import { createHarness, eventually, type Harness } from '../testing/harness.ts';
import { insertDrop } from '../testing/drops.ts';
import { fanClient } from '../testing/fan-client.ts';
import type { RunningWaitingRoom } from '../composition.ts';

let h: Harness;
let room: RunningWaitingRoom;

beforeAll(async () => {
  h = await createHarness('wr-queue');
  // A drop paused from the start keeps everyone waiting, so places can be checked.
  room = await h.start({ JOIN_PER_USER_PER_MINUTE: '5', STATUS_PER_USER_PER_MINUTE: '1000' });
});
afterAll(() => h.close());

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { code: string; [k: string]: unknown };
}

const fan = async (dropId: string, userId = randomUUID()) => ({
  userId,
  client: fanClient(room.url, dropId, await h.identity.token(userId)),
});

describe('joining the line', () => {
  test('a fan joins once: a second join answers the same place', async () => {
    const drop = await insertDrop(h.database.pool, { paused: true });
    const first = await fan(drop.id);
    const second = await fan(drop.id);
    const joined = await first.client.join();
    expect(joined.status).toBe(201);
    expect(await joined.json()).toMatchObject({ state: 'paused', position: 1, aheadOfYou: 0, dropId: drop.id });
    expect((await second.client.join()).status).toBe(201);
    const again = await first.client.join();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ position: 1 });
    const me = await second.client.me();
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('max-age=1, s-maxage=1');
    expect(me.headers.get('vary')).toMatch(/Authorization/);
    expect(await me.json()).toMatchObject({ state: 'paused', position: 2, aheadOfYou: 1, etaSeconds: null });
  });

  test('an open line answers waiting with an ETA from the release rate', async () => {
    const drop = await insertDrop(h.database.pool, { maxActive: 1, releaseRatePerMinute: 60 });
    const fans = await Promise.all([fan(drop.id), fan(drop.id), fan(drop.id)]);
    for (const f of fans) await f.client.join();
    // The first is admitted on the next tick; the others wait behind a full maxActive.
    const third = (await (await fans[2].client.me()).json()) as {
      state: string;
      etaSeconds: number;
      aheadOfYou: number;
    };
    expect(third.state).toBe('waiting');
    expect(third.etaSeconds).toBeGreaterThanOrEqual(third.aheadOfYou);
  });

  test('a drop paused before its start still gives early arrivals no place, only the pre-queue', async () => {
    const drop = await insertDrop(h.database.pool, { paused: true, opensAt: new Date(Date.now() + 3_600_000) });
    const joined = await (await fan(drop.id)).client.join();
    expect(joined.status).toBe(201);
    expect(await joined.json()).toMatchObject({ state: 'paused', position: null, prequeueSize: 1 });
  });

  test('leaving gives the place up and the fans behind move up', async () => {
    const drop = await insertDrop(h.database.pool, { paused: true });
    const a = await fan(drop.id);
    const b = await fan(drop.id);
    await a.client.join();
    await b.client.join();
    expect((await a.client.leave()).status).toBe(204);
    expect(await (await b.client.me()).json()).toMatchObject({ position: 1 });
    const gone = await a.client.me();
    expect(gone.status).toBe(404);
    expect(await problem(gone)).toMatchObject({ code: 'not_in_queue', reason: 'left' });
    expect((await a.client.leave()).status).toBe(204);
  });

  test('an admitted fan who leaves keeps the slot their token holds, and joining again answers that admission', async () => {
    const drop = await insertDrop(h.database.pool, { maxActive: 1, releaseRatePerMinute: 6_000 });
    const [admitted, next] = [await fan(drop.id), await fan(drop.id)];
    await admitted.client.join();
    const token = await eventually(async () => {
      const body = (await (await admitted.client.me()).json()) as { state: string; admissionToken?: string };
      return body.state === 'admitted' ? body.admissionToken : undefined;
    });
    await next.client.join();

    expect((await admitted.client.leave()).status).toBe(204);
    // The token stays valid until the window ends, so the slot stays counted: nobody else is let in.
    expect(await room.ticker.pulse(drop.id)).toMatchObject({ active: 1, admittedNow: 0 });
    expect(await (await next.client.me()).json()).toMatchObject({ state: 'waiting', position: 1 });
    const again = await admitted.client.join();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ state: 'admitted', admissionToken: token });
    expect(await room.ticker.pulse(drop.id)).toMatchObject({ active: 1, admittedNow: 0 });
  });
});

describe('refusals', () => {
  test('an unknown drop is 404 drop_not_found and a malformed id 400', async () => {
    const unknown = await (await fan(randomUUID())).client.join();
    expect(unknown.status).toBe(404);
    expect((await problem(unknown)).code).toBe('drop_not_found');
    const malformed = await (await fan('not-a-uuid')).client.join();
    expect(malformed.status).toBe(400);
    expect((await problem(malformed)).code).toBe('validation_failed');
  });

  test('no token is 401, a token without the fan role 403', async () => {
    const drop = await insertDrop(h.database.pool);
    const anonymous = await fetch(`${room.url}/drops/${drop.id}/queue`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    expect((await problem(anonymous)).code).toBe('auth_required');
    const organizer = fanClient(room.url, drop.id, await h.identity.token('org-1', ['organizer']));
    const refused = await organizer.join();
    expect(refused.status).toBe(403);
    expect((await problem(refused)).code).toBe('insufficient_role');
  });

  test('a fan asking for a place they do not have is 404 not_in_queue', async () => {
    const drop = await insertDrop(h.database.pool);
    const response = await (await fan(drop.id)).client.me();
    expect(response.status).toBe(404);
    expect(await problem(response)).toMatchObject({ code: 'not_in_queue', reason: 'not_joined' });
  });

  test('before the pre-queue opens, and after the drop closes, joins are refused', async () => {
    const early = await insertDrop(h.database.pool, {
      prequeueOpensAt: new Date(Date.now() + 3_600_000),
      opensAt: new Date(Date.now() + 7_200_000),
    });
    const notOpen = await (await fan(early.id)).client.join();
    expect(notOpen.status).toBe(409);
    expect(await problem(notOpen)).toMatchObject({ code: 'queue_not_open', opensAt: early.opensAt.toISOString() });
    const late = await insertDrop(h.database.pool, {
      opensAt: new Date(Date.now() - 7_200_000),
      closesAt: new Date(Date.now() - 3_600_000),
    });
    const closed = await (await fan(late.id)).client.join();
    expect(closed.status).toBe(409);
    expect((await problem(closed)).code).toBe('queue_closed');
  });

  test('a fan joining too often is rate limited with Retry-After', async () => {
    const drop = await insertDrop(h.database.pool, { paused: true });
    const f = await fan(drop.id);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await f.client.join()).status);
    expect(statuses.slice(0, 5).every((s) => s === 200 || s === 201)).toBe(true);
    const limited = await f.client.join();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await problem(limited)).code).toBe('rate_limited');
    // Another fan is not affected.
    expect((await (await fan(drop.id)).client.join()).status).toBe(201);
  });
});
