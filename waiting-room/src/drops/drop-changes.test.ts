import { randomUUID } from 'node:crypto';
import { createHarness, eventually, type Harness } from '../testing/harness.ts';
import { insertDrop, updateDrop } from '../testing/drops.ts';
import { fanClient } from '../testing/fan-client.ts';
import type { RunningWaitingRoom } from '../composition.ts';

let h: Harness;
let a: RunningWaitingRoom;
let b: RunningWaitingRoom;

beforeAll(async () => {
  h = await createHarness('wr-drops');
  a = await h.start();
  b = await h.start();
});
afterAll(() => h.close());

const stateOf = async (client: ReturnType<typeof fanClient>) =>
  ((await (await client.me()).json()) as { state: string }).state;

test('an organizer pausing and resuming the drop (drop.changed) reaches fans on every instance', async () => {
  const drop = await insertDrop(h.database.pool, { maxActive: 1, releaseRatePerMinute: 6_000 });
  const first = fanClient(a.url, drop.id, await h.identity.token(randomUUID()));
  const userId = randomUUID();
  const token = await h.identity.token(userId);
  await first.join();
  await eventually(async () => ((await stateOf(first)) === 'admitted' ? true : undefined));
  await fanClient(a.url, drop.id, token).join();
  const onB = fanClient(b.url, drop.id, token);
  expect(await stateOf(onB)).toBe('waiting');

  await updateDrop(h.database.pool, drop.id, { paused: true });
  await h.publish('drop.changed', { dropId: drop.id, eventId: drop.eventId, version: 2 });
  await eventually(async () => ((await stateOf(onB)) === 'paused' ? true : undefined));

  // Resumed with room for more: the waiting fan is let in.
  await updateDrop(h.database.pool, drop.id, { paused: false, maxActive: 2 });
  await h.publish('drop.changed', { dropId: drop.id, eventId: drop.eventId, version: 3 });
  await eventually(async () => ((await stateOf(onB)) === 'admitted' ? true : undefined));
});

test('the stats are for the drop organizer and admins', async () => {
  const drop = await insertDrop(h.database.pool, {
    organizerId: 'organizer-7',
    paused: true,
    releaseRatePerMinute: 120,
  });
  for (let i = 0; i < 3; i++) await fanClient(a.url, drop.id, await h.identity.token(randomUUID())).join();
  const stats = (token: string) =>
    fetch(`${b.url}/drops/${drop.id}/stats`, { headers: { authorization: `Bearer ${token}` } });

  const own = await stats(await h.identity.token('organizer-7', ['organizer']));
  expect(own.status).toBe(200);
  expect(await own.json()).toMatchObject({
    dropId: drop.id,
    eventId: drop.eventId,
    phase: 'paused',
    waiting: 3,
    active: 0,
    admitted: 0,
    configuredRatePerMinute: 120,
    etaForLastSeconds: null,
    seatsSold: null,
  });
  expect((await stats(await h.identity.token('admin-1', ['admin']))).status).toBe(200);
  const other = await stats(await h.identity.token('organizer-8', ['organizer']));
  expect(other.status).toBe(404);
  expect(((await other.json()) as { code: string }).code).toBe('drop_not_found');
  const fan = await stats(await h.identity.token(randomUUID()));
  expect(fan.status).toBe(403);
  expect(((await fan.json()) as { code: string }).code).toBe('insufficient_role');

  // Booking's inventory report shows up in the numbers.
  await h.publish('drop.inventory', {
    dropId: drop.id,
    eventId: drop.eventId,
    available: 900,
    held: 40,
    soldOut: false,
  });
  const withSeats = await eventually(async () => {
    const body = (await (await stats(await h.identity.token('admin-1', ['admin']))).json()) as Record<string, unknown>;
    return body.seatsAvailable === 900 ? body : undefined;
  });
  expect(withSeats).toMatchObject({ seatsHeld: 40, seatsSold: 60, soldOut: false });
});
