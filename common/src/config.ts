import { z } from 'zod';
import { instanceNamePattern } from './instance.ts';

/**
 * Typed configuration, parsed once and synchronously at boot.
 *
 * Every service describes its variables as a zod object whose keys are the
 * environment variable names. Development defaults point at the local
 * PostgreSQL, Redis and RabbitMQ; secrets are declared with `devSecret` so a
 * production process refuses to start on a value everyone can read here.
 */

const devSecrets = new WeakSet<z.ZodType>();
const perInstance = new WeakSet<z.ZodType>();

export const nodeEnv = z.enum(['development', 'test', 'production']).default('development');

/** A secret with a development default that production must override. */
export function devSecret(devDefault: string): z.ZodDefault<z.ZodString> {
  const schema = z.string().min(1).default(devDefault);
  devSecrets.add(schema);
  return schema;
}

/**
 * A variable an isolated instance must set for itself (a database, a key
 * prefix, a queue, whom to trust): with `TICKETING_INSTANCE` set, its
 * default belongs to the default stack and is refused, as every devSecret is.
 */
export function instanceScoped<T extends z.ZodType>(schema: T): T {
  perInstance.add(schema);
  return schema;
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const url = (fallback: string) => z.url().default(fallback);

/** Variables every service shares. */
export const baseConfig = {
  // development | test | production; production refuses development secrets and tools
  NODE_ENV: nodeEnv,
  // pino level: fatal, error, warn, info, debug, trace, silent
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // development only: the isolated instance this process belongs to (see instance.ts); every per-instance variable must then be set
  TICKETING_INSTANCE: z.string().regex(instanceNamePattern, 'lower-case letters, digits and dashes').optional(),
};

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses `env` against `shape`; throws ConfigError naming every bad variable. */
export function parseConfig<S extends z.ZodRawShape>(
  shape: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<S>> {
  const schema = z.object(shape);
  // Empty strings mean "unset", as in most shells' `FOO= cmd`.
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const config = result.data as Record<string, unknown>;
  const instance = input.TICKETING_INSTANCE;
  if (instance !== undefined) {
    if (config.NODE_ENV === 'production') {
      throw new ConfigError(['TICKETING_INSTANCE: instances are for development; production sets every variable']);
    }
    // An instance that fell back on the default stack's key, queue or issuer would talk to that stack.
    const problems = Object.entries(shape)
      .filter(
        ([key, s]) => (devSecrets.has(s as z.ZodType) || perInstance.has(s as z.ZodType)) && input[key] === undefined,
      )
      .map(
        ([key]) => `${key}: instance ${instance} needs its own value (npm start -- --instance ${instance} derives it)`,
      );
    if (problems.length > 0) throw new ConfigError(problems);
  }
  if (config.NODE_ENV === 'production') {
    const problems = Object.entries(shape)
      .filter(([key, s]) => devSecrets.has(s as z.ZodType) && input[key] === undefined)
      .map(([key]) => `${key}: uses the development default; production needs its own value`);
    if (problems.length > 0) throw new ConfigError(problems);
  }
  return result.data;
}

/**
 * Entry points call this: a bad value prints one clear message and exits,
 * instead of a stack trace from deep inside the first use of the value.
 */
export function loadConfig<S extends z.ZodRawShape>(
  service: string,
  shape: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<S>> {
  try {
    return parseConfig(shape, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
