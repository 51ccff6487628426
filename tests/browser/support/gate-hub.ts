import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '../../e2e/support/poll.ts';
import { freePort } from './ports.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The gate hub as a steward starts it (`npm run gate-hub`, the same entry
 * file), as its own process on a free port with its own SQLite file, signed
 * in to the platform with the password grant of the realm's gate account.
 */
export interface HubProcess {
  url: string;
  key: string;
  /** `GET /hub/status` with the device key. */
  status(): Promise<{ online: boolean; tickets: number; pendingUploads: number; listCursor: string | null }>;
  stop(): Promise<void>;
}

export async function startHubProcess(options: {
  eventId: string;
  /** Where the hub reaches the platform (a proxy the test owns, to cut it). */
  platformUrl: string;
  issuer: string;
  /** The scanner page's origin, allowed by CORS. */
  siteOrigin: string;
}): Promise<HubProcess> {
  const folder = await mkdtemp(join(tmpdir(), 'gate-hub-browser-'));
  const port = await freePort();
  const key = 'browser-test-hub-key';
  const lines: string[] = [];
  const child = spawn(process.execPath, [join(root, 'admin/src/gate-hub/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.BROWSER_LOG_LEVEL ?? 'warn',
      GATE_HUB_EVENT_ID: options.eventId,
      GATE_HUB_PORT: String(port),
      GATE_HUB_HOST: '127.0.0.1',
      GATE_HUB_STORE: join(folder, 'hub.sqlite'),
      GATE_HUB_DEVICE_KEY: key,
      GATE_HUB_CORS_ORIGINS: options.siteOrigin,
      GATE_HUB_PLATFORM_URL: options.platformUrl,
      GATE_HUB_PLATFORM_TIMEOUT_MS: '1000',
      GATE_HUB_SYNC_MS: '500',
      OIDC_ISSUER: options.issuer,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const hub: HubProcess = {
    url,
    key,
    async status() {
      const response = await fetch(`${url}/hub/status`, { headers: { Authorization: `Bearer ${key}` } });
      if (response.status !== 200) throw new Error(`hub status answered ${response.status}`);
      return (await response.json()) as Awaited<ReturnType<HubProcess['status']>>;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(folder, { recursive: true, force: true });
    },
  };
  try {
    await waitUntil(
      'the gate hub to answer',
      () => hub.status().catch((error: unknown) => ({ error: String(error), exitCode: child.exitCode })),
      (status) => 'online' in status || child.exitCode !== null,
      { everyMs: 200, timeoutMs: 30_000 },
    );
    if (child.exitCode !== null) throw new Error(`the gate hub exited (${child.exitCode})`);
  } catch (error) {
    await hub.stop();
    throw new Error(`${String(error)}\n${lines.join('\n')}`, { cause: error });
  }
  return hub;
}
