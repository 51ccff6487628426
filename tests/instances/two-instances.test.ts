import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import pg from 'pg';
import { defaultRetryDelaysMs, instanceEnvironment } from '@ticketing/common';
import { createWorld, type World } from '@ticketing/booking/testing';
import { passwordGrant } from '@ticketing/identity';
import { childEnv, processList, sharedDefaults } from '../../scripts/processes.ts';
import { waitForHealth } from '../../scripts/src/health.ts';
import { ensureDatabase, maintenanceUrl } from '../../scripts/src/preflight.ts';
import { runStep } from '../../scripts/src/run-step.ts';
import { createSupervisor, type Supervisor } from '../../scripts/src/supervisor.ts';
import { cleanupStack } from '../e2e/support/cleanup.ts';
import { deleteRabbitTopology, deleteRedisKeys } from '../e2e/support/isolation.ts';

/**
 * Two instances on one machine, each started the way `npm start -- --instance
 * NAME` starts it (the same derivation, process list and supervisor): the
 * identity provider, the waiting room and booking of each. A fan's access
 * token and admission token from one are refused by the other.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const roles = ['identity', 'waiting-room', 'booking'];
const cleanup = cleanupStack();

interface Instance {
  name: string;
  env: Record<string, string>;
  url: { identity: string; waitingRoom: string; booking: string };
  issuer: string;
}

async function startInstance(name: string): Promise<Instance> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...sharedDefaults(),
    ...instanceEnvironment(name),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
  await ensureDatabase(env.DATABASE_URL!);
  cleanup.add(`database of ${name}`, () => dropDatabase(env.DATABASE_URL!));
  cleanup.add(`redis keys of ${name}`, () => deleteRedisKeys(`${name}:`));
  cleanup.add(`rabbitmq topology of ${name}`, () =>
    deleteRabbitTopology({ exchange: env.EVENTS_EXCHANGE!, deadLetterExchange: env.EVENTS_DEAD_LETTER_EXCHANGE! }, [
      { queue: env.WAITING_ROOM_QUEUE!, retryDelaysMs: defaultRetryDelaysMs },
    ]),
  );
  const lines: string[] = [];
  const keep = (role: string, line: string) => {
    lines.push(`${role}: ${line}`);
    if (lines.length > 60) lines.shift();
  };
  const migrated = await runStep({ name: 'migrate', args: ['booking/src/migrate.ts'], cwd: root, env, onLine: keep });
  if (migrated !== 0) throw new Error(`migrate of ${name} failed:\n${lines.join('\n')}`);

  const entries = processList(root, env).filter((entry) => roles.includes(entry.name));
  const supervisor: Supervisor = createSupervisor(
    entries.map((entry) => ({
      name: entry.name,
      command: process.execPath,
      args: entry.args,
      cwd: join(root, entry.cwd ?? '.'),
      env: childEnv(entry, env),
    })),
    { onLine: (role, _stream, line) => keep(role, line), stopTimeoutMs: 5_000 },
  );
  cleanup.add(`processes of ${name}`, () => supervisor.stop());
  supervisor.start();
  for (const entry of entries) {
    const outcome = await waitForHealth({
      url: entry.healthUrl!,
      timeoutMs: 60_000,
      stillTrying: () => supervisor.state(entry.name) !== 'failed',
    });
    if (outcome !== 'up') throw new Error(`${entry.name} of ${name} is ${outcome}:\n${lines.join('\n')}`);
  }
  const local = (variable: string) => `http://127.0.0.1:${env[variable]}`;
  return {
    name,
    env,
    url: { identity: local('IDENTITY_PORT'), waitingRoom: local('WAITING_ROOM_PORT'), booking: local('BOOKING_PORT') },
    issuer: env.OIDC_ISSUER!,
  };
}

async function dropDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

const fanToken = async (instance: Instance) =>
  (await passwordGrant({ issuer: instance.issuer, clientId: 'loadtest', username: 'fan', password: 'fan' }))
    .access_token;

let a: Instance;
let b: Instance;

beforeAll(async () => {
  const run = randomBytes(3).toString('hex');
  [a, b] = await Promise.all([startInstance(`it-a-${run}`), startInstance(`it-b-${run}`)]);
}, 150_000);
afterAll(() => cleanup.run(), 60_000);

async function problemCode(response: Response): Promise<string> {
  return ((await response.json()) as { code: string }).code;
}

test('the two instances publish different issuers and admission keys, neither the shared development key', async () => {
  expect(a.issuer).not.toBe(b.issuer);
  const kids = async (instance: Instance) => {
    const jwks = (await (await fetch(`${instance.url.waitingRoom}/.well-known/jwks.json`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    return jwks.keys.map((k) => k.kid);
  };
  expect(await kids(a)).toEqual([`${a.name}-admission-1`]);
  expect(await kids(b)).toEqual([`${b.name}-admission-1`]);
});

test("a fan's access token from one instance is refused by the other's services", async () => {
  const drop = randomUUID();
  const tokenOfA = await fanToken(a);
  const meAt = (instance: Instance, token: string) =>
    fetch(`${instance.url.waitingRoom}/drops/${drop}/queue/me`, { headers: { authorization: `Bearer ${token}` } });
  expect((await meAt(a, tokenOfA)).status).not.toBe(401);
  const refused = await meAt(b, tokenOfA);
  expect(refused.status).toBe(401);
  const holdAtB = await fetch(`${b.url.booking}/holds`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokenOfA}`, 'content-type': 'application/json' },
    body: JSON.stringify({ eventId: randomUUID(), seatIds: [randomUUID()] }),
  });
  expect(holdAtB.status).toBe(401);
});

test("an admission token from one instance's waiting room is refused by the other's booking", async () => {
  // The same event, drop and seats in both databases, so that the admission token is all that differs.
  const poolA = new pg.Pool({ connectionString: a.env.DATABASE_URL, max: 1 });
  const poolB = new pg.Pool({ connectionString: b.env.DATABASE_URL, max: 1 });
  let world: World;
  try {
    world = await createWorld(poolA, { reserved: 2, general: 0 });
    await poolA.query('UPDATE drops SET release_rate_per_minute = 6000 WHERE id = $1', [world.dropId]);
    for (const table of ['venues', 'events', 'price_tiers', 'drops', 'sections', 'seats']) {
      const { rows, fields } = await poolA.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
      const columns = fields.map((f) => f.name);
      for (const row of rows) {
        await poolB.query(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          columns.map((c) => row[c]),
        );
      }
    }
  } finally {
    await poolA.end();
    await poolB.end();
  }
  const drop = { id: world.dropId, eventId: world.eventId };
  const tokenOfA = await fanToken(a);
  const headers = { authorization: `Bearer ${tokenOfA}` };
  expect((await fetch(`${a.url.waitingRoom}/drops/${drop.id}/queue`, { method: 'POST', headers })).status).toBe(201);
  let admissionToken: string | undefined;
  while (admissionToken === undefined) {
    const me = (await (await fetch(`${a.url.waitingRoom}/drops/${drop.id}/queue/me`, { headers })).json()) as {
      admissionToken?: string;
    };
    admissionToken = me.admissionToken;
    if (admissionToken === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const hold = (instance: Instance, token: string) =>
    fetch(`${instance.url.booking}/holds`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'admission-token': admissionToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ eventId: drop.eventId, seatIds: [world.seatIds[0]] }),
    });
  // Booking of A takes the token and holds the seat...
  expect((await hold(a, tokenOfA)).status).toBe(201);
  // ...booking of B, asked by the same fan signed in at B, does not know the key it was signed with.
  const atB = await hold(b, await fanToken(b));
  expect(atB.status).toBe(403);
  expect(await problemCode(atB)).toMatch(/^admission_(unknown_key|invalid)$/);
});
