import { randomUUID } from 'node:crypto';
import { createHarness, eventually, type Harness } from '../testing/harness.ts';
import { insertDrop, updateDrop } from '../testing/drops.ts';
import { fanClient } from '../testing/fan-client.ts';
import { dropKeys, dropRegistryKey } from '../store/keys.ts';
import type { RunningWaitingRoom } from '../composition.ts';

const retentionSeconds = 60;
let h: Harness;
let room: RunningWaitingRoom;

beforeAll(async () => {
  h = await createHarness('wr-retention');
  room = await h.start({ DROP_RETENTION_SECONDS: String(retentionSeconds) });
});
afterAll(() => h.close());

test('a drop closed longer than the retention period leaves the registry, is no longer ticked and its keys expire', async () => {
  const hour = 3_600_000;
  const old = await insertDrop(h.database.pool, {
    opensAt: new Date(Date.now() - 3 * hour),
    closesAt: new Date(Date.now() - hour),
  });
  const recent = await insertDrop(h.database.pool, {
    opensAt: new Date(Date.now() - 3 * hour),
    closesAt: new Date(Date.now() - 1_000),
  });
  // Fans asking about a drop make the waiting room meet it (and register it).
  const join = async (dropId: string) => {
    const response = await fanClient(room.url, dropId, await h.identity.token(randomUUID())).join();
    expect(response.status).toBe(409);
    expect(((await response.json()) as { code: string }).code).toBe('queue_closed');
  };
  await join(old.id);
  await join(recent.id);
  await room.ticker.tickAll();

  const registry = dropRegistryKey(h.prefix);
  expect(await h.redis.sismember(registry, old.id)).toBe(0);
  expect(await h.redis.sismember(registry, recent.id)).toBe(1);
  expect(room.pulses.has(old.id)).toBe(false);
  expect(room.pulses.get(recent.id)).toMatchObject({ phase: 'closed' });

  const oldKeys = dropKeys(h.prefix, old.id);
  const ttl = await h.redis.ttl(oldKeys.config);
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(retentionSeconds);
  expect(await h.redis.ttl(oldKeys.state)).toBeGreaterThan(0);
  expect(await h.redis.ttl(dropKeys(h.prefix, recent.id).config)).toBe(-1);

  // No more ticks for it.
  const lastTick = await h.redis.hget(oldKeys.state, 'lastTickAt');
  await room.ticker.tickAll();
  await room.ticker.tickAll();
  expect(await h.redis.hget(oldKeys.state, 'lastTickAt')).toBe(lastTick);

  // A fan asking again while the keys last still gets the answer, and the drop is not brought back for good.
  await join(old.id);
  await room.ticker.tickAll();
  expect(await h.redis.sismember(registry, old.id)).toBe(0);
  expect(room.pulses.has(old.id)).toBe(false);
  expect(await h.redis.ttl(oldKeys.config)).toBeLessThanOrEqual(ttl);
  expect(await h.redis.ttl(oldKeys.config)).toBeGreaterThan(0);

  // The organizer reopens it: its keys are kept again and it is ticked again.
  const version = await updateDrop(h.database.pool, old.id, { closesAt: new Date(Date.now() + hour) });
  await h.publish('drop.changed', { dropId: old.id, eventId: old.eventId, version });
  await eventually(async () => ((await h.redis.sismember(registry, old.id)) === 1 ? true : undefined));
  expect(await h.redis.ttl(oldKeys.config)).toBe(-1);
  expect(await h.redis.ttl(oldKeys.state)).toBe(-1);
  await room.ticker.tickAll();
  expect(room.pulses.get(old.id)).toMatchObject({ phase: 'open', retired: false });
  expect(await h.redis.sismember(registry, old.id)).toBe(1);
  expect(await h.redis.ttl(oldKeys.config)).toBe(-1);
});
