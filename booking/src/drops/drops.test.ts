import pg from 'pg';
import { isDomainError, type DomainError } from '@ticketing/common';
import { translateDatabaseError } from '../db/errors.ts';
import { pgSql, type Sql } from '../db/sql.ts';
import { createBookingTestDatabase, type BookingTestDatabase } from '../testing/booking-database.ts';
import { dropTables } from '../testing/drops.ts';
import { createEvent } from '../testing/factories.ts';
import { createDrop, updateDrop } from './service.ts';

/* The drop use cases against the database itself; their HTTP face is tested in admin/. */

let booking: BookingTestDatabase;
let client: pg.Client;
let raw: Sql;
let dropId: string;
const hour = 3_600_000;
const opensAt = new Date(Date.now() + 24 * hour);
const actor = { id: 'organizer-1', isAdmin: false };

beforeAll(async () => {
  booking = await createBookingTestDatabase('drops');
  // Statements past every use case and translation, as a buggy writer would send them.
  client = new pg.Client({ connectionString: booking.url });
  await client.connect();
  raw = pgSql(client);
  const event = await createEvent(booking.sql(), { organizerId: actor.id });
  const drop = await createDrop(booking.db, actor, event.id, {
    name: 'Main sale',
    size: 100,
    opensAt,
    closesAt: new Date(opensAt.getTime() + 6 * hour),
  });
  dropId = drop.id;
});
afterAll(async () => {
  await client.end();
  await booking.close();
});

describe('the database as the last word', () => {
  test('a value past a CHECK constraint is translated by the constraint name, and the transaction rolls back', async () => {
    const before = await dropTables(booking.sql());
    const error = await updateDrop(booking.db, actor, dropId, { holdSeconds: 10, size: 7 }, undefined).catch(
      (e: unknown) => e,
    );
    expect(isDomainError(error)).toBe(true);
    expect((error as DomainError).code).toBe('drop_setting_out_of_range');
    expect((error as DomainError).details).toEqual({ field: 'holdSeconds' });
    expect(await dropTables(booking.sql())).toEqual(before);
  });

  test.each([
    ['drops_window_ck', `UPDATE drops SET closes_at = opens_at WHERE id = ?`, 'drop_schedule_invalid'],
    [
      'drops_prequeue_ck',
      `UPDATE drops SET prequeue_opens_at = opens_at + interval '1 minute' WHERE id = ?`,
      'drop_schedule_invalid',
    ],
    ['drops_rate_ck', `UPDATE drops SET release_rate_per_minute = 0 WHERE id = ?`, 'drop_setting_out_of_range'],
    ['drops_per_user_limit_ck', `UPDATE drops SET per_user_limit = 51 WHERE id = ?`, 'drop_setting_out_of_range'],
  ])('%s becomes %s', async (constraint, sql, code) => {
    const error = await raw.query(sql, [dropId]).catch((e: unknown) => e);
    expect((error as { constraint?: string }).constraint).toBe(constraint);
    expect(translateDatabaseError(error)?.code).toBe(code);
  });
});
