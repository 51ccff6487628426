import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Every process role `npm start` knows, in start order. A role takes part
 * only once the files it `requires` exist, so a service joins the
 * development stack the moment its entry file lands.
 */
export interface ProcessEntry {
  name: string;
  /** Arguments to the node binary; the first is the script, relative to `cwd`. */
  args: string[];
  /** Working directory relative to the repository root; the root when absent. */
  cwd?: string;
  /** Variables for this role only; they override the shared defaults. */
  env: Record<string, string>;
  port?: number;
  /** Polled until it answers 2xx; roles without one count as up while they run. */
  healthUrl?: string;
  /** What a person opens in a browser; defaults to http://localhost:<port>. */
  url?: string;
  /** Files, relative to the repository root, that must all exist for the role to run. */
  requires: string[];
}

/** Variables every child gets unless the caller's environment sets them. */
export function sharedDefaults() {
  return {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ticketing',
    REDIS_URL: 'redis://127.0.0.1:6379',
    AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
    OIDC_ISSUER: 'http://localhost:4005/realms/ticketing',
    OIDC_AUDIENCE: 'ticketing-api',
    SITE_URL: 'http://localhost:4321',
    SMTP_URL: 'smtp://127.0.0.1:1025',
  };
}

/** The role's port: its `<NAME>_PORT` variable when set, else the documented default. */
function portOf(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const value = Number(env[variable]);
  return Number.isInteger(value) && value > 0 && value < 65536 ? value : fallback;
}

function service(
  env: NodeJS.ProcessEnv,
  name: string,
  entry: string,
  portVariable: string,
  fallbackPort: number,
  healthPath = '/health',
): ProcessEntry {
  const port = portOf(env, portVariable, fallbackPort);
  return {
    name,
    args: [entry],
    env: { [portVariable]: String(port) },
    port,
    healthUrl: `http://127.0.0.1:${port}${healthPath}`,
    requires: [entry],
  };
}

function worker(name: string, entry: string): ProcessEntry {
  return { name, args: [entry], env: {}, requires: [entry] };
}

/** Astro's CLI as installed for the site workspace, or undefined before the site exists. */
function astroCli(root: string): string | undefined {
  const manifest = join(root, 'site', 'package.json');
  if (!existsSync(manifest)) return undefined;
  try {
    const astroManifest = createRequire(manifest).resolve('astro/package.json');
    const parsed = JSON.parse(readFileSync(astroManifest, 'utf8')) as { bin?: string | Record<string, string> };
    const bin = typeof parsed.bin === 'string' ? parsed.bin : parsed.bin?.astro;
    return bin === undefined ? undefined : join(astroManifest, '..', bin);
  } catch {
    return undefined;
  }
}

export function processList(root: string, env: NodeJS.ProcessEnv = process.env): ProcessEntry[] {
  const issuerPath = '/realms/ticketing/.well-known/openid-configuration';
  const identity = service(env, 'identity', 'identity/src/main.ts', 'IDENTITY_PORT', 4005, issuerPath);
  identity.url = `http://localhost:${identity.port}/realms/ticketing`;

  const mailUi = portOf(env, 'MAIL_UI_PORT', 1080);
  const mailSmtp = portOf(env, 'MAIL_SMTP_PORT', 1025);
  const mail: ProcessEntry = {
    name: 'mail',
    args: ['notifier/src/mail-catcher.ts'],
    env: { MAIL_UI_PORT: String(mailUi), MAIL_SMTP_PORT: String(mailSmtp) },
    port: mailUi,
    healthUrl: `http://127.0.0.1:${mailUi}/`,
    requires: ['notifier/src/mail-catcher.ts'],
  };

  const sitePort = portOf(env, 'SITE_PORT', 4321);
  const cli = astroCli(root);
  const site: ProcessEntry = {
    name: 'site',
    args: [cli ?? join(root, 'node_modules/astro/astro.js'), 'dev', '--port', String(sitePort), '--host', '127.0.0.1'],
    cwd: 'site',
    env: { SITE_PORT: String(sitePort), ASTRO_TELEMETRY_DISABLED: '1' },
    port: sitePort,
    healthUrl: `http://127.0.0.1:${sitePort}/health`,
    // Until astro is installed the site cannot run, whatever its folder holds.
    requires: cli === undefined ? ['site/package.json', 'node_modules/astro/package.json'] : ['site/package.json'],
  };

  return [
    identity,
    mail,
    service(env, 'booking', 'booking/src/main.ts', 'BOOKING_PORT', 4002),
    worker('booking-relay', 'booking/src/relay.ts'),
    worker('booking-sweeper', 'booking/src/sweeper.ts'),
    worker('booking-payments', 'booking/src/payments-worker.ts'),
    service(env, 'waiting-room', 'waiting-room/src/main.ts', 'WAITING_ROOM_PORT', 4001),
    service(env, 'catalog', 'catalog/src/main.ts', 'CATALOG_PORT', 4003),
    service(env, 'admin', 'admin/src/main.ts', 'ADMIN_PORT', 4004),
    service(env, 'notifier', 'notifier/src/main.ts', 'NOTIFIER_PORT', 4006),
    site,
  ];
}

export interface Selection {
  selected: ProcessEntry[];
  /** Roles left out because a required file is missing, with the first missing file. */
  absent: Array<{ name: string; missing: string }>;
}

export class SelectionError extends Error {}

/** Keeps the roles whose files exist, narrowed to `only` when given. */
export function selectProcesses(root: string, list: ProcessEntry[], only?: string[]): Selection {
  if (only !== undefined) {
    const known = new Set(list.map((p) => p.name));
    const unknown = only.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new SelectionError(`unknown process ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
    }
  }
  const wanted = only === undefined ? list : list.filter((p) => only.includes(p.name));
  const selection: Selection = { selected: [], absent: [] };
  for (const entry of wanted) {
    const missing = entry.requires.find((file) => !existsSync(join(root, file)));
    if (missing === undefined) selection.selected.push(entry);
    else selection.absent.push({ name: entry.name, missing });
  }
  if (only !== undefined && selection.absent.length > 0) {
    const list = selection.absent.map((a) => `${a.name} (${a.missing} is missing)`).join(', ');
    throw new SelectionError(`cannot start ${list}`);
  }
  return selection;
}

/** The environment of one child: caller's variables, shared defaults under them, the role's own on top. */
export function childEnv(entry: ProcessEntry, parent: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const defaults = Object.fromEntries(
    Object.entries(sharedDefaults()).filter(([key]) => parent[key] === undefined || parent[key] === ''),
  );
  return { ...parent, ...defaults, ...entry.env, NODE_ENV: 'development' };
}
