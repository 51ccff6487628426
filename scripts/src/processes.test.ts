import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { childEnv, processList, selectProcesses, SelectionError } from '../processes.ts';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'processes-test-'));
  for (const file of ['identity/src/main.ts', 'booking/src/main.ts', 'booking/src/relay.ts']) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('a role takes part once its entry file exists', () => {
  const { selected, absent } = selectProcesses(root, processList(root, {}));
  expect(selected.map((p) => p.name)).toEqual(['identity', 'booking', 'booking-relay']);
  expect(absent).toContainEqual({ name: 'booking-sweeper', missing: 'booking/src/sweeper.ts' });
  expect(absent).toContainEqual({ name: 'site', missing: 'site/package.json' });
});

test('--only narrows the roles, and names an unknown or absent one', () => {
  const list = processList(root, {});
  expect(selectProcesses(root, list, ['booking']).selected.map((p) => p.name)).toEqual(['booking']);
  expect(() => selectProcesses(root, list, ['bookings'])).toThrow(SelectionError);
  expect(() => selectProcesses(root, list, ['bookings'])).toThrow(/unknown process bookings; known: identity, mail/);
  expect(() => selectProcesses(root, list, ['catalog'])).toThrow(
    'cannot start catalog (catalog/src/main.ts is missing)',
  );
});

test('a port set in the environment moves the role and its health URL', () => {
  const booking = processList(root, { BOOKING_PORT: '5002' }).find((p) => p.name === 'booking');
  expect(booking).toMatchObject({
    port: 5002,
    healthUrl: 'http://127.0.0.1:5002/health',
    env: { BOOKING_PORT: '5002' },
  });
  const identity = processList(root, {}).find((p) => p.name === 'identity');
  expect(identity?.healthUrl).toBe('http://127.0.0.1:4005/realms/ticketing/.well-known/openid-configuration');
});

test("a child's environment: the caller's values win over the shared defaults, the role's own over both", () => {
  const booking = processList(root, {}).find((p) => p.name === 'booking');
  if (booking === undefined) throw new Error('booking is in the list');
  const env = childEnv(booking, {
    DATABASE_URL: 'postgres://elsewhere/db',
    REDIS_URL: '',
    BOOKING_PORT: '9999',
    NODE_ENV: 'production',
  });
  expect(env).toMatchObject({
    DATABASE_URL: 'postgres://elsewhere/db',
    REDIS_URL: 'redis://127.0.0.1:6379',
    AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
    OIDC_ISSUER: 'http://localhost:4005/realms/ticketing',
    BOOKING_PORT: '4002',
    NODE_ENV: 'development',
  });
});
