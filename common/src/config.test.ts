import { z } from 'zod';
import { ConfigError, baseConfig, devSecret, flag, parseConfig, port } from './config.ts';

const shape = {
  ...baseConfig,
  // a port with a development default
  HTTP_PORT: port(4002),
  // a secret everyone can read in development
  SIGNING_SECRET: devSecret('dev-only-secret'),
  FEATURE: flag(false),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/ticketing'),
};

describe('parseConfig', () => {
  test('fills development defaults and coerces values', () => {
    const config = parseConfig(shape, { HTTP_PORT: '8080', FEATURE: 'yes' });
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      HTTP_PORT: 8080,
      FEATURE: true,
      SIGNING_SECRET: 'dev-only-secret',
    });
  });

  test('names every bad variable at once', () => {
    expect.assertions(2);
    try {
      parseConfig(shape, { HTTP_PORT: 'eighty', DATABASE_URL: 'not a url', LOG_LEVEL: 'loud' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
        'DATABASE_URL',
        'HTTP_PORT',
        'LOG_LEVEL',
      ]);
    }
  });

  test('production refuses development secrets but accepts its own', () => {
    expect(() => parseConfig(shape, { NODE_ENV: 'production' })).toThrow(
      /SIGNING_SECRET: uses the development default/,
    );
    expect(parseConfig(shape, { NODE_ENV: 'production', SIGNING_SECRET: 'a-real-one' }).SIGNING_SECRET).toBe(
      'a-real-one',
    );
  });

  test('an empty variable counts as unset', () => {
    expect(parseConfig(shape, { HTTP_PORT: '' }).HTTP_PORT).toBe(4002);
  });
});
