import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { startRedisCluster, type LocalRedisCluster } from '@ticketing/common/testing';
import { createHarness, eventually, readDropEvents, type Harness } from '../testing/harness.ts';
import { insertDrop } from '../testing/drops.ts';
import { fanClient, type FanClient } from '../testing/fan-client.ts';
import { dropKeys } from '../store/keys.ts';
import type { RunningWaitingRoom } from '../composition.ts';

/**
 * The waiting room on a real Redis Cluster (3 masters, 3 replicas): every
 * script of a drop runs on the master of the drop's slot, and when that
 * master dies its replica takes over without a fan losing their place or
 * being admitted twice.
 */
let cluster: LocalRedisCluster;
let h: Harness;
let room: RunningWaitingRoom;
let inspector: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster({ nodeTimeoutMs: 1_000 });
  h = await createHarness('wr-cluster');
  room = await h.start({
    REDIS_CLUSTER_NODES: cluster.nodesVariable,
    JOIN_PER_IP_PER_MINUTE: '100000',
    STATUS_PER_IP_PER_MINUTE: '100000',
    STATUS_PER_USER_PER_MINUTE: '100000',
    GRACE_SECONDS: '600',
  });
  inspector = new Cluster(cluster.nodes, { scaleReads: 'master' });
}, 60_000);
afterAll(async () => {
  inspector?.disconnect();
  try {
    await h?.close();
  } finally {
    await cluster?.close();
  }
});

interface Fan {
  userId: string;
  client: FanClient;
}

async function newFan(dropId: string): Promise<Fan> {
  const userId = randomUUID();
  return { userId, client: fanClient(room.url, dropId, await h.identity.token(userId)) };
}

/** Joins, retrying while the cluster is between masters (503 queue_unavailable, as during any Redis outage). */
async function join(fan: Fan): Promise<number> {
  return eventually(async () => {
    const response = await fan.client.join();
    if (response.status === 201 || response.status === 200) {
      return ((await response.json()) as { position: number }).position;
    }
    expect(response.status).toBe(503);
    expect(((await response.json()) as { code: string }).code).toBe('queue_unavailable');
    return undefined;
  }, 100);
}

async function stateOf(fan: Fan): Promise<string | undefined> {
  const response = await fan.client.me();
  if (response.status === 503) return undefined;
  expect(response.status).toBe(200);
  return ((await response.json()) as { state: string }).state;
}

test('fans join in order and are admitted exactly once on a cluster', async () => {
  const drop = await insertDrop(h.database.pool, { releaseRatePerMinute: 6_000, maxActive: 1_000 });
  const fans = await Promise.all(Array.from({ length: 20 }, () => newFan(drop.id)));
  for (const fan of fans) await join(fan);
  for (const fan of fans) await eventually(async () => ((await stateOf(fan)) === 'admitted' ? true : undefined));
  const admitted = (await readDropEvents(inspector, h.prefix, drop.id)).filter((e) => e.type === 'admitted');
  expect(admitted.map((e) => e.user)).toEqual(fans.map((f) => f.userId));
  expect(admitted.map((e) => e.place)).toEqual(fans.map((_, i) => i + 1));
});

test('the master of a drop dies mid-release: its replica takes over, the line goes on, nobody is admitted twice', async () => {
  // Two a second, so the release is under way when the master dies and goes on after.
  const drop = await insertDrop(h.database.pool, { releaseRatePerMinute: 120, maxActive: 1_000 });
  const before = await Promise.all(Array.from({ length: 12 }, () => newFan(drop.id)));
  for (const fan of before) await join(fan);
  await eventually(async () => ((await stateOf(before[2]!)) === 'admitted' ? true : undefined));

  const stateKey = dropKeys(h.prefix, drop.id).state;
  const oldMaster = await cluster.masterOf(stateKey);
  cluster.kill(oldMaster);
  const newMaster = await cluster.waitForFailover(stateKey, oldMaster);
  expect(newMaster).not.toBe(oldMaster);

  // Fans keep joining behind those already in line, and everyone is let in.
  const after = await Promise.all(Array.from({ length: 4 }, () => newFan(drop.id)));
  for (const fan of after) await join(fan);
  const everyone = [...before, ...after];
  for (const fan of everyone) {
    await eventually(async () => ((await stateOf(fan)) === 'admitted' ? true : undefined), 200);
  }

  const events = await readDropEvents(inspector, h.prefix, drop.id);
  const admitted = events.filter((e) => e.type === 'admitted');
  // Exactly once each, in arrival order, across the failover.
  expect(admitted.map((e) => e.user)).toEqual(everyone.map((f) => f.userId));
  expect(admitted.map((e) => e.place)).toEqual(everyone.map((_, i) => i + 1));
}, 60_000);
