import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createHarness, eventually, readDropEvents, type Harness } from '../testing/harness.ts';
import { insertDrop, updateDrop } from '../testing/drops.ts';
import { fanClient } from '../testing/fan-client.ts';
import type { RunningWaitingRoom } from '../composition.ts';
import { entryIdOf, seedCommitment } from './permutation.ts';
import type { FairnessRecord } from './schema.ts';
import { verifyFairness } from './verify.ts';

const run = promisify(execFile);
const verifier = fileURLToPath(new URL('../verify-fairness.ts', import.meta.url));

let h: Harness;
let a: RunningWaitingRoom;
let b: RunningWaitingRoom;
let dir: string;

beforeAll(async () => {
  h = await createHarness('wr-prequeue');
  a = await h.start();
  b = await h.start();
  dir = await mkdtemp(join(tmpdir(), 'fairness-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await h.close();
});

const fairness = async (room: RunningWaitingRoom, dropId: string) => {
  const response = await fetch(`${room.url}/drops/${dropId}/fairness`);
  expect(response.status).toBe(200);
  return (await response.json()) as FairnessRecord;
};

test('pre-queued fans are admitted in the order the revealed seed gives, and the verifier reproduces it', async () => {
  const opensAt = new Date(Date.now() + 4_000);
  const drop = await insertDrop(h.database.pool, { opensAt, releaseRatePerMinute: 60_000, maxActive: 1_000 });
  const early = Array.from({ length: 200 }, () => randomUUID());
  const late = Array.from({ length: 50 }, () => randomUUID());
  const client = async (userId: string, i: number) =>
    fanClient((i % 2 ? a : b).url, drop.id, await h.identity.token(userId));

  // Before the start: everyone is in the pre-queue, nobody has a place yet,
  // and only the seed's commitment is public.
  const joined = await Promise.all(early.map(async (userId, i) => (await (await client(userId, i)).join()).json()));
  for (const status of joined) expect(status).toMatchObject({ state: 'prequeue', position: null });
  const before = await fairness(a, drop.id);
  expect(before).toMatchObject({ revealed: false, prequeueSize: early.length });
  expect(before.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
  expect(before.seed).toBeUndefined();
  expect(Date.parse(before.committedAt)).toBeLessThan(opensAt.getTime());

  // After the start: the record is revealed, and later arrivals queue behind the pre-queue.
  const after = await eventually(async () => {
    const record = await fairness(b, drop.id);
    return record.revealed ? record : undefined;
  });
  for (const [i, userId] of late.entries()) expect((await (await client(userId, i)).join()).status).toBe(201);
  expect(after.seedCommitment).toBe(before.seedCommitment);
  expect(seedCommitment(after.seed!)).toBe(before.seedCommitment);

  const admitted = await eventually(async () => {
    const events = (await readDropEvents(h.redis, h.prefix, drop.id)).filter((e) => e.type === 'admitted');
    return events.length === early.length + late.length ? events : undefined;
  });
  expect(admitted.every((e) => e.at >= opensAt.getTime())).toBe(true);
  const admittedEntries = admitted.map((e) => entryIdOf(drop.id, e.user));
  const earlyEntries = new Set(early.map((u) => entryIdOf(drop.id, u)));
  // The pre-queue first, in the published order; the later arrivals after them.
  expect(admittedEntries.slice(0, early.length)).toEqual(after.order);
  expect(admittedEntries.slice(early.length).every((id) => !earlyEntries.has(id))).toBe(true);

  // The published record holds up, and it is not simply arrival order.
  const verdict = verifyFairness(after);
  expect(verdict).toMatchObject({ ok: true, problems: [] });
  expect(verdict.recomputed).toEqual(after.order);
  expect(new Set(after.entrants)).toEqual(earlyEntries);
  expect(after.order).not.toEqual(early.map((u) => entryIdOf(drop.id, u)));

  // The command: from a saved copy of the endpoint's answer, and a tampered one.
  const file = join(dir, 'record.json');
  await writeFile(file, JSON.stringify(after));
  const fan = early[17]!;
  const ok = await run(process.execPath, [verifier, file, '--user', fan, '--quiet']);
  expect(ok.stdout).toContain('OK: the seed matches its commitment and reproduces the published order');
  expect(ok.stdout).toContain(`placed ${after.order!.indexOf(entryIdOf(drop.id, fan)) + 1}`);
  const fromUrl = await run(process.execPath, [verifier, `${a.url}/drops/${drop.id}/fairness`, '--quiet']);
  expect(fromUrl.stdout).toContain('OK:');

  const swapped = [...after.order!];
  [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
  const tampered = join(dir, 'tampered.json');
  await writeFile(tampered, JSON.stringify({ ...after, order: swapped }));
  await expect(run(process.execPath, [verifier, tampered, '--quiet'])).rejects.toMatchObject({
    code: 1,
    stdout: expect.stringContaining('FAIL: the published order differs from the seeded order from place 1'),
  });
  const otherSeed = join(dir, 'other-seed.json');
  await writeFile(otherSeed, JSON.stringify({ ...after, seed: 'ab'.repeat(32) }));
  await expect(run(process.execPath, [verifier, otherSeed, '--quiet'])).rejects.toMatchObject({
    code: 1,
    stdout: expect.stringContaining('does not match the published commitment'),
  });
}, 60_000);

test('a drop first seen after its start reveals at once and says the commitment came late', async () => {
  const drop = await insertDrop(h.database.pool, { opensAt: new Date(Date.now() - 60_000) });
  const record = await eventually(async () => {
    const answer = await fairness(a, drop.id);
    return answer.revealed ? answer : undefined;
  });
  expect(record).toMatchObject({ revealed: true, prequeueSize: 0, entrants: [], order: [] });
  const verdict = verifyFairness(record);
  expect(verdict.ok).toBe(true);
  expect(verdict.warnings.join(' ')).toContain('after the start');
});

test('a start moved later once the line is placed gives new arrivals a place, not a pre-queue nobody will place', async () => {
  const drop = await insertDrop(h.database.pool, { opensAt: new Date(Date.now() - 60_000) });
  expect((await fanClient(a.url, drop.id, await h.identity.token(randomUUID())).join()).status).toBe(201);
  await eventually(async () => ((await a.ticker.pulse(drop.id))?.placed ? true : undefined));

  const version = await updateDrop(h.database.pool, drop.id, { opensAt: new Date(Date.now() + 3_600_000) });
  await h.publish('drop.changed', { dropId: drop.id, eventId: drop.eventId, version });
  await eventually(async () => ((await b.ticker.pulse(drop.id))?.phase === 'prequeue' ? true : undefined));

  const late = await fanClient(b.url, drop.id, await h.identity.token(randomUUID())).join();
  expect(late.status).toBe(201);
  expect(await late.json()).toMatchObject({ state: 'waiting', position: 1, aheadOfYou: 0 });
  expect(await fairness(a, drop.id)).toMatchObject({ revealed: true, prequeueSize: 0 });
});
