import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RedisNodeAddress } from '../stores/redis.ts';

/**
 * A real Redis Cluster a test owns: `redis-server` processes in cluster mode
 * on free ports, in a temporary directory, joined by `redis-cli --cluster
 * create`. A test can kill a master and wait for its replica to take over;
 * `close` kills every process and removes the directory.
 */
export interface LocalRedisCluster {
  nodes: RedisNodeAddress[];
  /** The value of `REDIS_CLUSTER_NODES` for this cluster. */
  nodesVariable: string;
  /** Port of the master serving `key`'s slot right now. */
  masterOf(key: string): Promise<number>;
  /** SIGKILLs the node on `port`, as a crashed shard would die. */
  kill(port: number): void;
  /** Resolves once `key`'s slot is served by a live master other than `deadPort` and the cluster is ok. */
  waitForFailover(key: string, deadPort: number, timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

export interface RedisClusterOptions {
  masters?: number;
  replicasPerMaster?: number;
  /** How long a silent node takes to be declared failed (cluster-node-timeout). */
  nodeTimeoutMs?: number;
}

const redisServer = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const redisCli = process.env.REDIS_CLI_BIN ?? 'redis-cli';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await pause(100);
  }
  const cause = lastError instanceof Error ? ` (${lastError.message})` : '';
  throw new Error(`redis cluster: ${what} within ${timeoutMs} ms${cause}`);
}

/** Asks one node, on a short-lived connection that gives up rather than retrying. */
async function ask(port: number, ...command: [string, ...(string | number)[]]): Promise<unknown> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(...command);
  } finally {
    client.disconnect();
  }
}

interface NodeLine {
  port: number;
  master: boolean;
  failed: boolean;
  slots: Array<[number, number]>;
}

function parseNodes(text: string): NodeLine[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [, address = '', flags = '', , , , , , ...slots] = line.split(' ');
      return {
        port: Number(/:(\d+)@/.exec(address)?.[1]),
        master: flags.split(',').includes('master'),
        failed: /fail/.test(flags),
        slots: slots
          .filter((s) => !s.startsWith('['))
          .map((s) => {
            const [from, to = from] = s.split('-');
            return [Number(from), Number(to)] as [number, number];
          }),
      };
    });
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}: ${output}`)),
    );
  });
}

export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<LocalRedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 1_000;
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const processes = new Map<number, ChildProcess>();
  const killAll = () => {
    for (const child of processes.values()) child.kill('SIGKILL');
  };
  // A test runner that exits without closing leaves no servers or files behind.
  const onExit = () => {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const close = async () => {
    process.removeListener('exit', onExit);
    const exited = [...processes.values()]
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map((child) => new Promise((resolve) => child.once('exit', resolve)));
    killAll();
    await Promise.all(exited);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const ports: number[] = [];
    for (let i = 0; i < masters * (1 + replicas); i++) {
      const port = await freePort();
      const busPort = await freePort();
      ports.push(port);
      // prettier-ignore
      const child = spawn(redisServer, [
        '--port', String(port), '--bind', '127.0.0.1', '--cluster-port', String(busPort),
        '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
        '--cluster-node-timeout', String(nodeTimeoutMs), '--dir', dir,
        '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning',
        // A replica syncs at once and may always take over, however long its master has been gone.
        '--repl-diskless-sync-delay', '0', '--cluster-replica-validity-factor', '0',
      ], { stdio: 'ignore' });
      processes.set(port, child);
    }
    for (const port of ports) await until(`node ${port} answering`, 10_000, async () => ask(port, 'PING'));
    await run(redisCli, [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    await until('every node agreeing the cluster is ok', 20_000, async () => {
      for (const port of ports) {
        const info = String(await ask(port, 'CLUSTER', 'INFO'));
        if (!info.includes('cluster_state:ok') || !info.includes(`cluster_known_nodes:${ports.length}`)) {
          return undefined;
        }
      }
      return true;
    });
    await until('every replica in sync with its master', 20_000, async () => {
      for (const port of ports) {
        const info = String(await ask(port, 'INFO', 'replication'));
        if (info.includes('role:slave') && !info.includes('master_link_status:up')) return undefined;
      }
      return true;
    });

    const killed = new Set<number>();
    const alive = () => [...processes.entries()].filter(([port]) => !killed.has(port));
    const slotOf = async (key: string) => Number(await ask(alive()[0]![0], 'CLUSTER', 'KEYSLOT', key));
    const masterServing = async (port: number, slot: number) => {
      const nodes = parseNodes(String(await ask(port, 'CLUSTER', 'NODES')));
      return nodes.find((n) => n.master && !n.failed && n.slots.some(([from, to]) => slot >= from && slot <= to));
    };

    return {
      nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
      nodesVariable: ports.map((p) => `127.0.0.1:${p}`).join(','),
      async masterOf(key) {
        const slot = await slotOf(key);
        const master = await masterServing(alive()[0]![0], slot);
        if (!master) throw new Error(`redis cluster: no master serves slot ${slot}`);
        return master.port;
      },
      kill(port) {
        killed.add(port);
        processes.get(port)?.kill('SIGKILL');
      },
      async waitForFailover(key, deadPort, timeoutMs = 20_000) {
        const slot = await slotOf(key);
        return until(`a replica taking over slot ${slot}`, timeoutMs, async () => {
          let promoted: number | undefined;
          for (const [port] of alive()) {
            const info = String(await ask(port, 'CLUSTER', 'INFO'));
            const master = await masterServing(port, slot);
            if (!info.includes('cluster_state:ok') || !master || master.port === deadPort) return undefined;
            promoted = master.port;
          }
          return promoted;
        });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
