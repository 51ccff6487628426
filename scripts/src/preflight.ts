import { connect } from 'node:net';
import pg from 'pg';

/**
 * Checks, before anything starts, that the three shared servers answer in
 * their own protocol, so a dead dependency is reported once by name with the
 * command that starts it, instead of as a wall of connection errors.
 */

export interface Dependency {
  name: 'PostgreSQL' | 'Redis' | 'RabbitMQ';
  /** host:port, for the message. */
  address: string;
  /** How to start it on a development machine. */
  startHint: string;
  probe(timeoutMs: number): Promise<void>;
}

export interface ProbeResult {
  dependency: Dependency;
  error?: string;
}

const composeHint = (service: string) => `or, with Docker: docker-compose up -d ${service}`;

export function dependencies(env: { DATABASE_URL: string; REDIS_URL: string; AMQP_URL: string }): Dependency[] {
  const database = new URL(env.DATABASE_URL);
  const redis = new URL(env.REDIS_URL);
  const amqp = new URL(env.AMQP_URL);
  const redisPort = Number(redis.port || 6379);
  const amqpPort = Number(amqp.port || 5672);
  return [
    {
      name: 'PostgreSQL',
      address: `${database.hostname}:${database.port || 5432}`,
      startHint: `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start  (${composeHint('postgres')})`,
      probe: (timeoutMs) => probePostgres(maintenanceUrl(env.DATABASE_URL), timeoutMs),
    },
    {
      name: 'Redis',
      address: `${redis.hostname}:${redisPort}`,
      startHint: `redis-server --daemonize yes --bind 127.0.0.1 -::1 --port ${redisPort} --save "" --appendonly no  (${composeHint('redis')})`,
      // RESP inline PING; a server that wants a password answers -NOAUTH, which still proves it is up.
      probe: (timeoutMs) =>
        probeTcp(redis.hostname, redisPort, Buffer.from('PING\r\n'), (b) => /^[+-]/.test(b.toString()), timeoutMs),
    },
    {
      name: 'RabbitMQ',
      address: `${amqp.hostname}:${amqpPort}`,
      startHint: `rabbitmq-server -detached  (${composeHint('rabbitmq')})`,
      // The AMQP 0-9-1 protocol header; a broker answers with a method frame (type 1): connection.start.
      probe: (timeoutMs) =>
        probeTcp(amqp.hostname, amqpPort, Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'), (b) => b[0] === 1, timeoutMs),
    },
  ];
}

export async function checkDependencies(list: Dependency[], timeoutMs = 3_000): Promise<ProbeResult[]> {
  return Promise.all(
    list.map(async (dependency) => {
      try {
        await dependency.probe(timeoutMs);
        return { dependency };
      } catch (error) {
        return { dependency, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

/** The same server's `postgres` database, from which another database can be created. */
export function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

async function probePostgres(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects, sends `hello`, and accepts the first bytes back if `accept` says they are the right protocol. */
export function probeTcp(
  host: string,
  port: number,
  hello: Buffer,
  accept: (reply: Buffer) => boolean,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const finish = (error?: Error) => {
      socket.destroy();
      if (error === undefined) resolve();
      else reject(error);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(new Error(error.code ?? error.message)));
    socket.once('connect', () => socket.write(hello));
    socket.once('data', (reply) => finish(accept(reply) ? undefined : new Error('answered in an unexpected protocol')));
    socket.once('end', () => finish(new Error('closed the connection without answering')));
  });
}

/** Creates the database DATABASE_URL names when it does not exist yet; true when it was created. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (name === '') throw new Error('DATABASE_URL names no database');
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl) });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount !== 0) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      return true;
    } catch (error) {
      // Another start created it between the check and here.
      if ((error as { code?: string }).code === '42P04') return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}
