import type pg from 'pg';
import { z } from 'zod';

/**
 * What a read model runs its statements on: anything with pg's `query`. The
 * services that read booking's data keep their own read-only `pg.Pool` and
 * pass it in; they never write through it.
 */
export type Queryable = Pick<pg.Pool, 'query'>;

/**
 * Runs one statement and parses every row with the read model's schema, so
 * a change to booking's tables that a reader was not updated for fails here,
 * with the read model's name, rather than as an odd value in another service.
 */
export async function readRows<Row extends z.ZodType>(
  db: Queryable,
  readModel: string,
  row: Row,
  text: string,
  params: readonly unknown[] = [],
): Promise<Array<z.output<Row>>> {
  const { rows } = await db.query<Record<string, unknown>>(text, [...params]);
  const parsed = z.array(row).safeParse(rows);
  if (!parsed.success) {
    throw new Error(`read model ${readModel}: unexpected rows: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** pg returns bigint and numeric columns as text, to keep their precision. */
export const bigintText = z
  .string()
  .regex(/^-?\d+$/)
  .transform(Number);

/** char(n) columns come back padded with spaces. */
export const charText = z.string().transform((value) => value.trim());
