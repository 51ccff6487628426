import { parseArgs } from 'node:util';

/**
 * Parses `--name value` flags that are all positive integers, each with a
 * default; an unknown flag or a bad value stops the run with its name.
 */
export function positiveIntegerFlags<K extends string>(args: string[], defaults: Record<K, number>): Record<K, number> {
  const options = Object.fromEntries(
    Object.entries<number>(defaults).map(([name, value]) => [name, { type: 'string', default: String(value) }]),
  ) as Record<string, { type: 'string'; default: string }>;
  const { values } = parseArgs({ args, options, strict: true });
  const parsed = {} as Record<K, number>;
  for (const name of Object.keys(defaults) as K[]) {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
    parsed[name] = value;
  }
  return parsed;
}
