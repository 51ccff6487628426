import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTicketSigningKey, instanceEnvironment, type TicketVerificationKey } from '@ticketing/common';
import { createTestDatabase, testAmqpUrl, testRedisUrl } from '@ticketing/common/testing';
import { defaultRetryDelaysMs } from '@ticketing/common';
import { childEnv, processList, sharedDefaults, type ProcessEntry } from '../../../scripts/processes.ts';
import { waitForHealth } from '../../../scripts/src/health.ts';
import { realmForSite } from '../../../scripts/src/realm.ts';
import { runStep } from '../../../scripts/src/run-step.ts';
import {
  createSupervisor,
  type ChildState,
  type RestartPolicy,
  type Supervisor,
} from '../../../scripts/src/supervisor.ts';
import { buildSite, removeBuild } from '@ticketing/site/testing';
import type { CleanupStack } from '../../e2e/support/cleanup.ts';
import { deleteRabbitTopology, deleteRedisKeys, isolation, type Isolation } from '../../e2e/support/isolation.ts';
import { freePort } from './ports.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The whole platform as `npm start` runs it: the same process roles from
 * scripts/processes.ts under the same supervisor, after the same migration
 * and demo seed, as an instance of its own (`npm start -- --instance`'s
 * derivation: Redis prefixes, RabbitMQ exchanges and queues, development
 * keys), with a fresh test database and free ports, so it runs beside a
 * developer's `npm start` and other tests. The site runs from a production
 * build instead of the development server.
 */
export interface Stack {
  /** The run's database, reached directly (not through any proxy the caller put in front of it). */
  databaseUrl: string;
  /** The run's Redis prefixes and RabbitMQ names. */
  names: Isolation;
  /** The process roles running, by their names in scripts/processes.ts. */
  roles: string[];
  /** SIGKILLs a role's process group; the supervisor starts it again. Returns the pid killed, if one ran. */
  kill(role: string): number | undefined;
  state(role: string): ChildState;
  pid(role: string): number | undefined;
  /** The URL answering 2xx once the role serves, for roles that have one. */
  healthUrl(role: string): string | undefined;
  issuer: string;
  urls: { site: string; booking: string; waitingRoom: string; catalog: string; admin: string };
  ticketKeys: TicketVerificationKey[];
  /** The last lines each process printed, for a failure's message. */
  logs(): string;
}

const ports = [
  'IDENTITY_PORT',
  'BOOKING_PORT',
  'WAITING_ROOM_PORT',
  'CATALOG_PORT',
  'ADMIN_PORT',
  'NOTIFIER_PORT',
  'RELAY_PORT',
  'PAYMENTS_WORKER_PORT',
  'MAIL_UI_PORT',
  'MAIL_SMTP_PORT',
  'SITE_PORT',
] as const;

export interface StackOptions {
  /** Serve the site's production build (the default); without it no build is made and no site runs. */
  site?: boolean;
  /** Roles left out, by name (a caller running its own mail catcher leaves out `mail`). */
  without?: string[];
  /**
   * Variables set for every step and role on top of the run's own, for
   * example store URLs through proxies the caller owns. `DATABASE_URL` must
   * name the run's database: `(direct) => url` receives it.
   */
  env?: (databaseUrl: string) => Record<string, string>;
  restart?: Partial<RestartPolicy>;
  /** Every line a role prints, as it prints it. */
  onLine?: (role: string, line: string) => void;
}

export async function startStack(
  label: string,
  cleanup: CleanupStack,
  /** Runs after the migration and the demo seed, before any service starts: a test's own data. */
  prepare?: (databaseUrl: string) => Promise<void>,
  options: StackOptions = {},
): Promise<Stack> {
  const withSite = options.site ?? true;
  const names = isolation(label);
  // The instance's derived keys, unique per run; the names below are the label's, so a run's leftovers are found by it.
  const instance = instanceEnvironment(`t-${randomBytes(5).toString('hex')}`);
  const name = instance.TICKETING_INSTANCE!;
  const folder = await mkdtemp(join(tmpdir(), 'ticketing-browser-'));
  cleanup.add('temporary folder', () => rm(folder, { recursive: true, force: true }));
  const db = await createTestDatabase(label);
  cleanup.add('database', () => db.drop());
  cleanup.add('redis keys', () => deleteRedisKeys(names.redisBase));
  cleanup.add('instance redis keys', () => deleteRedisKeys(`${name}:`));
  // The notifier's delays name its retry queues; a caller's variables may change them (set below).
  let notifierRetryDelaysMs = [1_000, 5_000];
  cleanup.add('rabbitmq topology', () =>
    deleteRabbitTopology(names.exchanges, [
      { queue: names.queues.waitingRoom, retryDelaysMs: defaultRetryDelaysMs },
      { queue: names.queues.catalog, retryDelaysMs: [500, 5_000, 30_000] },
      { queue: names.queues.notifier, retryDelaysMs: notifierRetryDelaysMs },
      { queue: names.queues.payments, retryDelaysMs: [1_000, 10_000, 60_000, 300_000, 900_000] },
    ]),
  );

  const outDir = withSite ? await buildSite() : undefined;
  if (outDir !== undefined) cleanup.add('site build', () => removeBuild(outDir));

  const port: Record<(typeof ports)[number], number> = Object.fromEntries(
    await Promise.all(ports.map(async (name) => [name, await freePort()] as const)),
  ) as Record<(typeof ports)[number], number>;
  const site = `http://localhost:${port.SITE_PORT}`;
  const identityBase = `http://localhost:${port.IDENTITY_PORT}`;
  const issuer = `${identityBase}/realms/ticketing`;
  const urls = {
    site,
    booking: `http://127.0.0.1:${port.BOOKING_PORT}`,
    waitingRoom: `http://127.0.0.1:${port.WAITING_ROOM_PORT}`,
    catalog: `http://127.0.0.1:${port.CATALOG_PORT}`,
    admin: `http://127.0.0.1:${port.ADMIN_PORT}`,
  };
  const ticketKey = generateTicketSigningKey();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...sharedDefaults(),
    ...instance,
    // Free ports and a test database rather than the instance's block and its database name.
    ...Object.fromEntries(Object.entries(port).map(([name, value]) => [name, String(value)])),
    LOG_LEVEL: process.env.BROWSER_LOG_LEVEL ?? 'warn',
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl,
    AMQP_URL: testAmqpUrl,
    EVENTS_EXCHANGE: names.exchanges.exchange,
    EVENTS_DEAD_LETTER_EXCHANGE: names.exchanges.deadLetterExchange,
    WAITING_ROOM_REDIS_PREFIX: names.prefixes.waitingRoom,
    CATALOG_REDIS_PREFIX: names.prefixes.catalog,
    NOTIFIER_REDIS_PREFIX: names.prefixes.notifier,
    REMINDERS_REDIS_PREFIX: names.prefixes.catalog,
    WAITING_ROOM_QUEUE: names.queues.waitingRoom,
    CATALOG_QUEUE: names.queues.catalog,
    NOTIFIER_QUEUE: names.queues.notifier,
    NOTIFIER_RETRY_DELAYS_MS: notifierRetryDelaysMs.join(','),
    PAYMENTS_QUEUE: names.queues.payments,
    IDENTITY_BASE_URL: identityBase,
    IDENTITY_REALM_FILE: await realmForSite(root, site, folder),
    OIDC_ISSUER: issuer,
    SITE_URL: site,
    ADMISSION_JWKS_URL: `${urls.waitingRoom}/.well-known/jwks.json`,
    WAITING_ROOM_URL: urls.waitingRoom,
    PUBLIC_WAITING_ROOM_URL: `http://localhost:${port.WAITING_ROOM_PORT}`,
    BOOKING_URL: urls.booking,
    ADMIN_URL: urls.admin,
    CATALOG_URL: urls.catalog,
    PUBLIC_CATALOG_URL: `http://localhost:${port.CATALOG_PORT}`,
    CATALOG_CORS_ORIGINS: site,
    SMTP_URL: `smtp://127.0.0.1:${port.MAIL_SMTP_PORT}`,
    TICKET_SIGNING_KEY: ticketKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    // A brisk tick so admissions follow the release rate closely in a short test.
    TICK_MS: '100',
    ASTRO_TELEMETRY_DISABLED: '1',
    ...options.env?.(db.url),
  };
  notifierRetryDelaysMs = (env.NOTIFIER_RETRY_DELAYS_MS ?? '').split(',').map(Number);

  const lines = new Map<string, string[]>();
  const keep = (name: string, line: string) => {
    const list = lines.get(name) ?? [];
    list.push(line);
    if (list.length > 40) list.shift();
    lines.set(name, list);
    options.onLine?.(name, line);
  };
  const logs = () => [...lines].map(([name, list]) => `--- ${name}\n${list.join('\n')}`).join('\n');

  for (const step of [
    { name: 'migrate', script: 'booking/src/migrate.ts' },
    { name: 'seed', script: 'booking/src/seed/main.ts' },
  ]) {
    const code = await runStep({ name: step.name, args: [step.script], cwd: root, env, onLine: keep });
    if (code !== 0) throw new Error(`${step.name} failed (${code}):\n${logs()}`);
  }

  await prepare?.(db.url);

  const left = new Set([...(options.without ?? []), ...(outDir === undefined ? ['site'] : [])]);
  const entries: ProcessEntry[] = processList(root, env)
    .filter((entry) => !left.has(entry.name))
    .map((entry) =>
      entry.name === 'site' && outDir !== undefined
        ? {
            ...entry,
            args: [join(outDir, 'server', 'entry.mjs')],
            env: { ...entry.env, HOST: '0.0.0.0', PORT: String(port.SITE_PORT) },
          }
        : entry,
    );
  const supervisor: Supervisor = createSupervisor(
    entries.map((entry) => ({
      name: entry.name,
      command: process.execPath,
      args: entry.args,
      cwd: join(root, entry.cwd ?? '.'),
      env: childEnv(entry, env),
    })),
    {
      onLine: (name, _stream, line) => keep(name, line),
      stopTimeoutMs: 5_000,
      ...(options.restart === undefined ? {} : { restart: options.restart }),
    },
  );
  cleanup.add('processes', () => supervisor.stop());
  supervisor.start();
  const outcomes = await Promise.all(
    entries
      .filter((entry) => entry.healthUrl !== undefined)
      .map(async (entry) => ({
        name: entry.name,
        outcome: await waitForHealth({
          url: entry.healthUrl!,
          timeoutMs: 90_000,
          stillTrying: () => supervisor.state(entry.name) !== 'failed',
        }),
      })),
  );
  const down = outcomes.filter((o) => o.outcome !== 'up');
  if (down.length > 0) {
    throw new Error(`not up: ${down.map((d) => `${d.name} (${d.outcome})`).join(', ')}\n${logs()}`);
  }
  return {
    databaseUrl: db.url,
    names,
    roles: entries.map((entry) => entry.name),
    kill(role) {
      const pid = supervisor.pid(role);
      if (pid === undefined) return undefined;
      try {
        // Each role leads its own process group: the kill reaches its helpers too.
        process.kill(-pid, 'SIGKILL');
      } catch {
        return undefined;
      }
      return pid;
    },
    state: (role) => supervisor.state(role),
    pid: (role) => supervisor.pid(role),
    healthUrl: (role) => entries.find((entry) => entry.name === role)?.healthUrl,
    issuer,
    urls,
    ticketKeys: [{ keyId: ticketKey.keyId, publicKey: ticketKey.publicKey }],
    logs,
  };
}
