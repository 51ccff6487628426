import { randomUUID } from 'node:crypto';
import { createHarness, eventually, type Harness } from '../testing/harness.ts';
import { insertDrop, type DropFixture } from '../testing/drops.ts';
import { fanClient, type FanClient } from '../testing/fan-client.ts';
import { dropKeys } from '../store/keys.ts';
import { runDropScript, scripts } from '../store/scripts.ts';
import type { RunningWaitingRoom } from '../composition.ts';

let h: Harness;
let room: RunningWaitingRoom;

beforeAll(async () => {
  h = await createHarness('wr-booking-events');
  // A long admission window: only booking's messages move a slot here.
  room = await h.start({ ADMISSION_WINDOW_SECONDS: '600' });
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
const admission = (f: Fan) =>
  eventually(async () => {
    const { body } = await me(f);
    return body.state === 'admitted' ? { token: body.admissionToken, expiresAt: body.admissionExpiresAt } : undefined;
  });

describe('hold endings', () => {
  let drop: DropFixture;
  let holder: Fan;
  let next: Fan;
  let slotLapsesAt: () => Promise<number | null>;
  let hold: (holdId: string) => { holdId: string; eventId: string; dropId: string; userId: string };

  beforeEach(async () => {
    drop = await insertDrop(h.database.pool, { maxActive: 1, releaseRatePerMinute: 6_000 });
    [holder, next] = [await fan(drop.id), await fan(drop.id)];
    const score = async () => {
      const value = await h.redis.zscore(dropKeys(h.prefix, drop.id).admitted, holder.userId);
      return value === null ? null : Number(value);
    };
    slotLapsesAt = score;
    hold = (holdId) => ({ holdId, eventId: drop.eventId, dropId: drop.id, userId: holder.userId });
  });

  /** Publishes hold.created and waits until the slot is stretched to the hold's end. */
  const holdUntil = async (holdId: string, expiresAt: number) => {
    await h.publish('hold.created', { ...hold(holdId), seatCount: 1, expiresAt: new Date(expiresAt).toISOString() });
    await eventually(async () => ((await slotLapsesAt()) === expiresAt ? true : undefined));
  };
  /** Waits until the slot's lapse time is no longer `from` (a message was applied) and answers it. */
  const slotMovesFrom = (from: number) =>
    eventually(async () => {
      const at = await slotLapsesAt();
      return at === from ? undefined : { at };
    }).then(({ at }) => at);

  test('a hold released or lapsed within the admission window keeps the slot until the window ends: the fan may choose again', async () => {
    await holder.client.join();
    const admitted = await admission(holder);
    await next.client.join();
    const windowEnd = Date.parse(String(admitted.expiresAt));

    // A hold longer than the window stretches the slot; releasing it brings the slot back to the window's end.
    const first = randomUUID();
    const firstEnds = Date.now() + 3_600_000;
    await holdUntil(first, firstEnds);
    await h.publish('hold.ended', { ...hold(first), reason: 'released' });
    expect(await slotMovesFrom(firstEnds)).toBe(windowEnd);

    // Mid-purchase the fan is still admitted with the same token, and nobody else is let in.
    expect((await me(holder)).body).toMatchObject({ state: 'admitted', admissionToken: admitted.token });
    expect(await room.ticker.pulse(drop.id)).toMatchObject({ active: 1, admittedNow: 0 });
    expect((await me(next)).body).toMatchObject({ state: 'waiting', position: 1 });

    // They choose again; that hold lapses too: still the window's end.
    const second = randomUUID();
    const secondEnds = Date.now() + 7_200_000;
    await holdUntil(second, secondEnds);
    await h.publish('hold.ended', { ...hold(second), reason: 'expired' });
    expect(await slotMovesFrom(secondEnds)).toBe(windowEnd);
    expect((await me(holder)).body).toMatchObject({ state: 'admitted', admissionToken: admitted.token });
    expect(await room.ticker.pulse(drop.id)).toMatchObject({ active: 1, admittedNow: 0 });

    // An order lapsing unpaid still frees the slot at once.
    await h.publish('order.expired_not_charged', {
      orderId: randomUUID(),
      userId: holder.userId,
      email: null,
      name: null,
      eventId: drop.eventId,
      dropId: drop.id,
      totalCents: 1000,
      currency: 'EUR',
    });
    await admission(next);
    const gone = await me(holder);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'not_in_queue', reason: 'abandoned' });
  }, 60_000);
});

describe('drop inventory', () => {
  test('reports are ordered by their sequence, not by the clock of the process that wrote them', async () => {
    const drop = await insertDrop(h.database.pool, { paused: true });
    expect((await (await fan(drop.id)).client.join()).status).toBe(201);
    const apply = (sequence: number | '', occurredAt: number, available: number) =>
      runDropScript(h.redis, h.prefix, scripts.inventory, drop.id, ['0', occurredAt, available, 0, sequence]);
    const now = Date.now();

    expect(await apply(2, now, 5)).toBe(1);
    // Written after it by a process whose clock is behind: newer all the same.
    expect(await apply(3, now - 60_000, 4)).toBe(1);
    // Written before it by a process whose clock is ahead: older, ignored.
    expect(await apply(1, now + 60_000, 9)).toBe(0);
    expect(await apply(3, now + 60_000, 9)).toBe(0);
    expect(await room.ticker.pulse(drop.id)).toMatchObject({ available: 4 });

    // Through the consumer, the message's sequence is what counts.
    await h.publish(
      'drop.inventory',
      { dropId: drop.id, eventId: drop.eventId, available: 2, held: 1, soldOut: false, sequence: 4 },
      new Date(now - 120_000),
    );
    const pulse = await eventually(async () => {
      const current = await room.ticker.pulse(drop.id);
      return current?.available === 2 ? current : undefined;
    });
    expect(pulse).toMatchObject({ held: 1, soldOut: false });

    // A report without a sequence (from a publisher that predates it) is ordered by its time.
    expect(await apply('', now - 180_000, 8)).toBe(0);
    expect(await apply('', now + 1_000, 8)).toBe(1);
    expect(await room.ticker.pulse(drop.id)).toMatchObject({ available: 8 });
  }, 30_000);
});
