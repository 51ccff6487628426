import { invalid } from '@ticketing/common';
import { z } from 'zod';

/**
 * The page cursor of a newest-first list ordered by (a timestamptz, an id):
 * the last row's time as PostgreSQL prints it (`::text`, full precision, so
 * no row is skipped or repeated within a millisecond) and its id, as opaque
 * base64url. Checked in full when read, so a forged cursor is a client error
 * (`400 invalid_cursor`) and never reaches the database.
 */

// A timestamptz as PostgreSQL prints it (ISO DateStyle) or in ISO 8601: a time of day and an offset it accepts.
const timestampText =
  /^(\d{4})-(\d{2})-(\d{2})[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-](0\d|1[0-5])(:[0-5]\d){0,2})$/;

/** The text has the form above and names a day that exists (no 31 February, no year 0). */
function isTimestampText(text: string): boolean {
  const match = timestampText.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export interface KeysetPosition {
  at: string;
  id: string;
}

export interface KeysetCursor {
  encode(position: KeysetPosition): string;
  decode(cursor: string | undefined): KeysetPosition | null;
}

/** A cursor codec whose ids follow `id` (uuids, or the digits of a bigserial). */
export function keysetCursor(id: z.ZodType<string>): KeysetCursor {
  const content = z.tuple([z.string().refine(isTimestampText), id]);
  return {
    encode: (position) => Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url'),
    decode(cursor) {
      if (cursor === undefined) return null;
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        // fall through: any unreadable cursor is the same client error
      }
      const parsed = content.safeParse(value);
      if (!parsed.success) throw invalid('invalid_cursor', 'The page cursor is not one this API issued');
      const [at, key] = parsed.data;
      return { at, id: key.toLowerCase() };
    },
  };
}

/** Cursors of lists keyed by uuid. */
export const uuidKeysetCursor = keysetCursor(z.uuid());
