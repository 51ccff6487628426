import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, devSecret, instanceScoped, parseConfig } from './config.ts';
import { messagingConfig } from './messaging/config.ts';
import { instanceEnvironment, instancePortBase, InstanceNameError } from './instance.ts';
import { loadTicketSigningKey } from './ticket-code.ts';

const ports = (env: Record<string, string>) =>
  Object.entries(env)
    .filter(([key]) => key.endsWith('_PORT'))
    .map(([, value]) => Number(value));

test('two instances share no name, port, issuer or key', () => {
  const a = instanceEnvironment('alpha');
  const b = instanceEnvironment('beta');
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  const same = Object.keys(a).filter((key) => a[key] === b[key]);
  // Only the realm's own demo values, served under each instance's issuer, are alike.
  expect(same.sort()).toEqual(['GATE_HUB_CLIENT_SECRET', 'GATE_HUB_PASSWORD', 'IDENTITY_LOADTEST_PASSWORD']);
  const portsOfA = new Set(ports(a));
  expect(portsOfA.size).toBe(12);
  expect(ports(b).filter((p) => portsOfA.has(p))).toEqual([]);
  // Nothing is the default stack's either.
  for (const p of [...ports(a), ...ports(b)])
    expect([4001, 4002, 4003, 4004, 4005, 4006, 4321, 1025, 1080]).not.toContain(p);
  expect(a.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/ticketing_alpha');
  expect(a.OIDC_ISSUER).toBe(`http://localhost:${a.IDENTITY_PORT}/realms/ticketing`);
  expect(a.ADMISSION_JWKS_URL).toBe(`http://localhost:${a.WAITING_ROOM_PORT}/.well-known/jwks.json`);
});

test('an instance finds the same names, ports and keys each time it starts', () => {
  expect(instanceEnvironment('alpha')).toEqual(instanceEnvironment('alpha'));
});

test('the derived keys are usable Ed25519 keys: the admission JWKS and the ticket key', () => {
  const env = instanceEnvironment('alpha');
  const jwks = JSON.parse(env.ADMISSION_SIGNING_KEYS!) as { keys: Array<Record<string, string>> };
  expect(jwks.keys).toHaveLength(1);
  expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: 'alpha-admission-1' });
  expect(createPrivateKey({ key: jwks.keys[0]!, format: 'jwk' }).asymmetricKeyType).toBe('ed25519');
  expect(loadTicketSigningKey(env.TICKET_SIGNING_KEY!).privateKey.asymmetricKeyType).toBe('ed25519');
  expect(env.SITE_SESSION_SECRETS!.length).toBeGreaterThanOrEqual(32);
});

test('the server of the database is kept, only its name is the instance’s; a port base may be chosen', () => {
  const env = instanceEnvironment('alpha', {
    databaseUrl: 'postgres://app:pw@db.internal:6543/other?sslmode=disable',
    portBase: 31_000,
  });
  expect(env.DATABASE_URL).toBe('postgres://app:pw@db.internal:6543/ticketing_alpha?sslmode=disable');
  expect(env.WAITING_ROOM_PORT).toBe('31001');
  expect(env.MAIL_SMTP_PORT).toBe('31012');
  expect(instancePortBase('alpha') % 20).toBe(0);
});

test('a name that cannot be a database, prefix and queue name is refused', () => {
  for (const name of ['', 'Alpha', '1st', 'a b', 'a_b', 'a'.repeat(31), 'x;drop']) {
    expect(() => instanceEnvironment(name)).toThrow(InstanceNameError);
  }
});

describe('a process of an instance', () => {
  const shape = {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    TICKETING_INSTANCE: z.string().optional(),
    SIGNING_KEY: devSecret('shared-development-key'),
    QUEUE: instanceScoped(z.string().default('shared.queue')),
    ...messagingConfig,
  };

  test('refuses to fall back on the default stack’s key or names, naming each variable', () => {
    let error: unknown;
    try {
      parseConfig(shape, { TICKETING_INSTANCE: 'alpha', QUEUE: 'alpha.queue' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'EVENTS_DEAD_LETTER_EXCHANGE',
      'EVENTS_EXCHANGE',
      'SIGNING_KEY',
    ]);
  });

  test('starts with the variables the instance derives, and without an instance uses the defaults', () => {
    const env = instanceEnvironment('alpha');
    expect(parseConfig(shape, { ...env, SIGNING_KEY: 'k', QUEUE: 'alpha.queue' })).toMatchObject({
      EVENTS_EXCHANGE: 'alpha.ticketing.events',
    });
    expect(parseConfig(shape, {})).toMatchObject({ SIGNING_KEY: 'shared-development-key', QUEUE: 'shared.queue' });
  });

  test('is refused in production', () => {
    const env = { ...instanceEnvironment('alpha'), SIGNING_KEY: 'k', QUEUE: 'q', NODE_ENV: 'production' };
    expect(() => parseConfig(shape, env)).toThrow(/TICKETING_INSTANCE: instances are for development/);
  });
});
