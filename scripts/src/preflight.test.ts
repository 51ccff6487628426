import { createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { adminDatabaseUrl, testAmqpUrl, testRedisUrl, uniqueName } from '@ticketing/common/testing';
import { checkDependencies, dependencies, ensureDatabase, maintenanceUrl } from './preflight.ts';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterAll(async () => {
  sockets.forEach((s) => s.destroy());
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that answers every connection in the wrong protocol. */
async function httpLikeServer(): Promise<number> {
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

test("the machine's PostgreSQL, Redis and RabbitMQ all answer in their own protocol", async () => {
  const results = await checkDependencies(
    dependencies({ DATABASE_URL: adminDatabaseUrl, REDIS_URL: testRedisUrl, AMQP_URL: testAmqpUrl }),
  );
  expect(results.map((r) => [r.dependency.name, r.error])).toEqual([
    ['PostgreSQL', undefined],
    ['Redis', undefined],
    ['RabbitMQ', undefined],
  ]);
});

test('a dependency that is down is named, with where it was looked for and how to start it', async () => {
  const [pgPort, redisPort] = [await closedPort(), await closedPort()];
  const wrongProtocol = await httpLikeServer();
  const results = await checkDependencies(
    dependencies({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/ticketing`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      AMQP_URL: `amqp://guest:guest@127.0.0.1:${wrongProtocol}`,
    }),
  );
  expect(results.map((r) => [r.dependency.name, r.dependency.address, r.error])).toEqual([
    ['PostgreSQL', `127.0.0.1:${pgPort}`, expect.stringContaining('ECONNREFUSED')],
    ['Redis', `127.0.0.1:${redisPort}`, 'ECONNREFUSED'],
    ['RabbitMQ', `127.0.0.1:${wrongProtocol}`, 'answered in an unexpected protocol'],
  ]);
  expect(results[0]?.dependency.startHint).toMatch(/^pg_ctlcluster --skip-systemctl-redirect/);
  expect(results[2]?.dependency.startHint).toMatch(/^rabbitmq-server -detached/);
});

test('the database is created when missing, and left alone when present', async () => {
  const name = uniqueName('start').replace(/[^a-z0-9]/gi, '_');
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: maintenanceUrl(adminDatabaseUrl) });
  await admin.connect();
  try {
    expect(await ensureDatabase(url.toString())).toBe(true);
    expect(await ensureDatabase(url.toString())).toBe(false);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    expect(found.rowCount).toBe(1);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
});
