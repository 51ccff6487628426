import { Registry } from 'prom-client';
import { createPgPool } from '@ticketing/common';
import { startTcpProxy } from '@ticketing/common/testing';
import { pgSql } from '../db/sql.ts';
import { startRelay, type OutboxRelay, type RelayOptions } from './relay.ts';
import { amqpConnection, silentLogger, sleep, startRelayTestEnv, waitFor, type RelayTestEnv } from './test-support.ts';

let env: RelayTestEnv;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  env = await startRelayTestEnv('relay');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // Each test starts from an empty outbox and an empty record of deliveries.
  await env.pool.query('TRUNCATE outbox');
  env.received.length = 0;
});
afterAll(async () => {
  await env.close();
});

function relay(overrides: Partial<RelayOptions> = {}): { relay: OutboxRelay; registry: Registry } {
  const registry = new Registry();
  const started = startRelay({
    db: pgSql(env.pool),
    connection: env.connection,
    listenUrl: env.db.url,
    names: env.names,
    batchSize: 7,
    pollMs: 50,
    leaseMs: 5_000,
    backoff: { baseMs: 50, maxMs: 200 },
    logger: silentLogger,
    metrics: { registry },
    ...overrides,
  });
  cleanups.push(() => started.stop());
  return { relay: started, registry };
}

const allPublished = async () => (await env.rows()).every((r) => r.published_at !== null);

async function metricSum(registry: Registry, name: string): Promise<number> {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return values.reduce((sum, v) => sum + v.value, 0);
}

test('every enqueued event arrives once, in order per aggregate, with its id and type, and is marked', async () => {
  const { registry } = relay();
  const transactions = Array.from({ length: 20 }, (_, i) => [
    { dropId: 'drop-a', version: i + 1 },
    { dropId: 'drop-b', version: i + 1 },
    ...(i % 2 === 0 ? [{ dropId: 'drop-c', version: i / 2 + 1 }] : []),
  ]);
  const ids = await env.enqueueDrops(transactions);
  await waitFor(async () => env.received.length >= ids.length && (await allPublished()), 'every event');

  expect(env.received.map((r) => r.messageId).sort()).toEqual([...ids].sort());
  for (const dropId of ['drop-a', 'drop-b', 'drop-c']) {
    const versions = env.received.filter((r) => r.body.data.dropId === dropId).map((r) => r.body.data.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  }
  const first = env.received[0]!;
  expect(first).toMatchObject({
    type: 'drop.changed',
    routingKey: 'drop.changed',
    durable: true,
    contentType: 'application/json',
  });
  expect(first.messageId).toBe(first.body.id);
  expect(typeof first.timestamp).toBe('number');
  const rows = await env.rows();
  expect(rows.every((r) => r.claimed_until === null && r.attempts === 1 && r.last_error === null)).toBe(true);
  expect(await metricSum(registry, 'outbox_published_total')).toBe(ids.length);
  expect(await metricSum(registry, 'outbox_pending')).toBe(0);
  const text = await registry.metrics();
  expect(text).toMatch(/outbox_publish_lag_seconds_count\{type="drop.changed"\} 50/);
});

test('a NOTIFY wakes it long before the poll, and it listens again after losing its connection', async () => {
  const { relay: started } = relay({ pollMs: 60_000 });
  const listenerPid = async () => {
    const { rows } = await env.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'booking-relay-listener'`,
    );
    return rows[0]?.pid;
  };
  await waitFor(async () => started.listening && (await listenerPid()) !== undefined, 'the listener');
  await started.idle();
  const [first] = await env.enqueueDrops([[{ dropId: 'drop-n', version: 1 }]]);
  await waitFor(() => env.received.some((r) => r.messageId === first), 'the notified event');

  const pid = await listenerPid();
  await env.pool.query('SELECT pg_terminate_backend($1)', [pid]);
  await waitFor(async () => started.listening && ![undefined, pid].includes(await listenerPid()), 'a new listener');
  await started.idle();
  const [second] = await env.enqueueDrops([[{ dropId: 'drop-n', version: 2 }]]);
  await waitFor(() => env.received.some((r) => r.messageId === second), 'the event after the reconnect');
});

test('while RabbitMQ is unreachable rows wait unclaimed, and all arrive once it is back', async () => {
  const proxy = await startTcpProxy(5672);
  const connection = amqpConnection(`amqp://guest:guest@127.0.0.1:${proxy.port}`);
  cleanups.push(() => proxy.close());
  cleanups.push(() => connection.close());
  const { relay: started } = relay({ connection });
  const [before] = await env.enqueueDrops([[{ dropId: 'drop-o', version: 1 }]]);
  await waitFor(() => env.received.some((r) => r.messageId === before), 'the event before the outage');

  proxy.cut();
  await waitFor(() => !connection.ready, 'the relay to notice the outage');
  const during = await env.enqueueDrops(Array.from({ length: 10 }, (_, i) => [{ dropId: 'drop-o', version: i + 2 }]));
  // Let it go round its loop several times (woken by each NOTIFY and by the poll).
  await sleep(400);
  await started.idle();
  const waiting = (await env.rows()).filter((r) => during.includes(r.message_id));
  expect(waiting).toHaveLength(10);
  expect(waiting.every((r) => r.published_at === null && r.attempts === 0)).toBe(true);
  expect(env.received.filter((r) => during.includes(r.messageId ?? ''))).toEqual([]);

  proxy.restore();
  await waitFor(async () => during.every((id) => env.distinctReceived().has(id)) && (await allPublished()), 'recovery');
  expect(env.distinctReceived().size).toBe(11);
});

test('two relays at once deliver every row at least once and leave none unpublished', async () => {
  const second = {
    pool: createPgPool({ connectionString: env.db.url, max: 4 }, silentLogger),
    connection: amqpConnection(),
  };
  cleanups.push(() => second.pool.end());
  cleanups.push(() => second.connection.close());
  const one = relay({ batchSize: 10 });
  const two = relay({ batchSize: 10, db: pgSql(second.pool), connection: second.connection });
  const ids = await env.enqueueDrops(
    Array.from({ length: 30 }, (_, t) =>
      Array.from({ length: 10 }, (_, i) => ({ dropId: `drop-${i}`, version: t + 1 })),
    ),
  );
  await waitFor(async () => env.distinctReceived().size >= ids.length && (await allPublished()), 'all 300 rows', 2_000);
  expect([...env.distinctReceived()].sort()).toEqual([...ids].sort());
  const rows = await env.rows();
  expect(rows.filter((r) => r.published_at === null)).toEqual([]);
  const published =
    (await metricSum(one.registry, 'outbox_published_total')) +
    (await metricSum(two.registry, 'outbox_published_total'));
  expect(published).toBeGreaterThanOrEqual(ids.length);
}, 60_000);

test('a row that cannot be published is put back with its error and a delay, then goes out once fixed', async () => {
  const [id] = await env.enqueueDrops([[{ dropId: 'drop-f', version: 1 }]]);
  // A payload that is not this row's envelope: the relay refuses to publish it.
  await env.pool.query(`UPDATE outbox SET payload = jsonb_set(payload, '{id}', '"someone-else"')`);
  const { registry } = relay({ backoff: { baseMs: 60_000, maxMs: 60_000 } });
  await waitFor(async () => (await env.rows())[0]?.last_error !== null, 'the failure to be recorded');
  const [failed] = await env.rows();
  expect(failed).toMatchObject({ published_at: null, claimed_until: null, attempts: 1 });
  expect(failed!.last_error).toBe('payload is not the envelope of this row');
  expect(failed!.available_at.getTime()).toBeGreaterThan(Date.now() + 30_000);
  expect(await metricSum(registry, 'outbox_publish_failures_total')).toBe(1);
  expect(env.received).toEqual([]);

  await env.pool.query(
    `UPDATE outbox SET payload = jsonb_set(payload, '{id}', to_jsonb(message_id::text)), available_at = now()`,
  );
  await waitFor(() => env.received.some((r) => r.messageId === id), 'the fixed row');
  await waitFor(allPublished, 'the fixed row to be marked');
  expect((await env.rows())[0]).toMatchObject({ attempts: 2, last_error: null });
});
