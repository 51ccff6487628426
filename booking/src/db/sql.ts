import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { driverFailure } from './errors.ts';

/**
 * The narrow SQL surface the hot paths are written against: text with `?`
 * placeholders and a parameter list. Inside the service it runs on the
 * request's MikroORM entity manager (and so inside its transaction); the
 * benchmark's raw baseline runs the very same statements on a bare pg client.
 *
 * Arrays are passed as PostgreSQL array literals (see `pgArray`) and cast in
 * the SQL, which both executors understand the same way. Timestamps are read
 * as epoch milliseconds, because the two drivers parse timestamptz differently.
 */
export interface Sql {
  query<R extends object>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export function ormSql(em: EntityManager): Sql {
  return {
    async query<R extends object>(text: string, params: readonly unknown[] = []) {
      try {
        return await em.execute<R[]>(text, [...params]);
      } catch (error) {
        throw driverFailure(error);
      }
    },
  };
}

const positional = new Map<string, string>();

/** `?` placeholders to pg's `$n`; the statements here never use `?` as an operator. */
function toPositional(text: string): string {
  let converted = positional.get(text);
  if (converted === undefined) {
    let n = 0;
    converted = text.replace(/\?/g, () => `$${++n}`);
    positional.set(text, converted);
  }
  return converted;
}

export function pgSql(client: pg.ClientBase | pg.Pool): Sql {
  return {
    async query<R extends object>(text: string, params: readonly unknown[] = []) {
      try {
        const result = await client.query<R>(toPositional(text), [...params]);
        return result.rows;
      } catch (error) {
        throw driverFailure(error);
      }
    },
  };
}

/** A PostgreSQL array literal of uuids or integers (never free text: nothing is quoted). */
export function pgArray(values: readonly (string | number | bigint)[]): string {
  return `{${values.join(',')}}`;
}

/** Epoch milliseconds of a timestamptz expression, as a float8 both drivers read as a number. */
export const epochMs = (expression: string) => `(extract(epoch FROM ${expression}) * 1000)::float8`;

/** ISO 8601 text of a timestamptz expression, in the same form as Date#toISOString. */
export const isoText = (expression: string) =>
  `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
