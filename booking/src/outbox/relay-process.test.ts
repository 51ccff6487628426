import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@ticketing/common';
import { testAmqpUrl } from '@ticketing/common/testing';
import { parseRelayConfig } from './relay-config.ts';
import { startRelayTestEnv, waitFor, type RelayTestEnv } from './test-support.ts';

const relayPath = fileURLToPath(new URL('../relay.ts', import.meta.url));

let env: RelayTestEnv;
const children: ChildProcess[] = [];

beforeAll(async () => {
  env = await startRelayTestEnv('relay_process');
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await env.close();
});

interface RelayProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the port once the process logs that it runs. */
  port: Promise<number>;
  stderr: string[];
}

function spawnRelay(extra: Record<string, string>): RelayProcess {
  const child = spawn(process.execPath, [relayPath], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: env.db.url,
      AMQP_URL: testAmqpUrl,
      EVENTS_EXCHANGE: env.names.exchange,
      EVENTS_DEAD_LETTER_EXCHANGE: env.names.deadLetterExchange,
      RELAY_BATCH_SIZE: '5',
      RELAY_POLL_MS: '100',
      RELAY_LEASE_MS: '1000',
      RELAY_PORT: '0',
      RELAY_HOST: '127.0.0.1',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = new Promise<number>((resolve, reject) => {
    void exited.then(({ code, signal }) => reject(new Error(`relay exited (${code ?? signal}) before running`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'relay running' && entry.port !== undefined) resolve(entry.port);
      } catch {
        // not a log line
      }
    });
  });
  port.catch(() => undefined);
  return { child, exited, port, stderr };
}

test('a relay killed between publish and mark loses nothing: its restart delivers every row, some twice', async () => {
  const ids = await env.enqueueDrops(
    Array.from({ length: 4 }, (_, t) => Array.from({ length: 5 }, (_, i) => ({ dropId: `d${i}`, version: t + 1 }))),
  );

  const crashing = spawnRelay({ RELAY_CRASH_AFTER_PUBLISH: '5' });
  expect(await crashing.exited).toEqual({ code: null, signal: 'SIGKILL' });
  // The first batch went out, confirmed, and was never marked.
  const firstBatch = ids.slice(0, 5);
  await waitFor(() => firstBatch.every((id) => env.distinctReceived().has(id)), 'the first batch');
  const afterCrash = await env.rows();
  expect(afterCrash.filter((r) => r.published_at !== null)).toEqual([]);
  expect(afterCrash.filter((r) => r.claimed_until !== null).map((r) => r.message_id)).toEqual(firstBatch);

  const relay = spawnRelay({});
  const port = await relay.port;
  await waitFor(async () => (await env.rows()).every((r) => r.published_at !== null), 'every row to be marked');
  await waitFor(() => env.distinctReceived().size === ids.length, 'every message');
  expect([...env.distinctReceived()].sort()).toEqual([...ids].sort());
  const counts = new Map<string, number>();
  for (const r of env.received) counts.set(r.messageId ?? '', (counts.get(r.messageId ?? '') ?? 0) + 1);
  expect(
    [...counts]
      .filter(([, n]) => n > 1)
      .map(([id]) => id)
      .sort(),
  ).toEqual([...firstBatch].sort());
  expect((await env.rows()).filter((r) => r.attempts === 2).map((r) => r.message_id)).toEqual(firstBatch);

  const base = `http://127.0.0.1:${port}`;
  expect((await fetch(`${base}/health`)).status).toBe(200);
  const ready = await fetch(`${base}/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ checks: { postgres: 'ok', rabbitmq: 'ok' } });
  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metrics).toMatch(/outbox_published_total\{type="drop.changed",service="booking-relay"\} 20/);
  expect(metrics).toMatch(/outbox_pending\{service="booking-relay"\} 0/);

  relay.child.kill('SIGTERM');
  expect(await relay.exited).toEqual({ code: 0, signal: null });
}, 60_000);

test('production refuses the fault-injection variable', async () => {
  expect(() => parseRelayConfig({ NODE_ENV: 'production', RELAY_CRASH_AFTER_PUBLISH: '1' })).toThrow(ConfigError);
  expect(parseRelayConfig({ NODE_ENV: 'test', RELAY_CRASH_AFTER_PUBLISH: '3' }).RELAY_CRASH_AFTER_PUBLISH).toBe(3);
  const refused = spawnRelay({ NODE_ENV: 'production', RELAY_CRASH_AFTER_PUBLISH: '1' });
  expect(await refused.exited).toEqual({ code: 78, signal: null });
  expect(refused.stderr.join('')).toContain('RELAY_CRASH_AFTER_PUBLISH');
});
