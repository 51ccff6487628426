import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const siteRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs a child to its end, failing with its output when it exits non-zero. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: siteRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`astro build failed (${code}):\n${output}`)),
    );
  });
}

/**
 * Builds the site into a folder of its own. It lives under the site's
 * node_modules so the server bundle resolves its packages as the real one does.
 */
export async function buildSite(): Promise<string> {
  const outDir = join(siteRoot, 'node_modules', '.test-builds', `${process.pid}-${Date.now()}`);
  await mkdir(outDir, { recursive: true });
  const astroBin = join(
    dirname(createRequire(join(siteRoot, 'package.json')).resolve('astro/package.json')),
    'bin',
    'astro.mjs',
  );
  await run([astroBin, 'build'], { ...process.env, SITE_OUT_DIR: outDir, ASTRO_TELEMETRY_DISABLED: '1' });
  return outDir;
}

export async function removeBuild(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
}

/** Starts the built standalone server on a free loopback port. */
export function startSite(
  outDir: string,
  env: Record<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [join(outDir, 'server', 'entry.mjs')], {
    cwd: siteRoot,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: '0', ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`site server exited (${code}) before listening:\n${output}`)));
  });
}
