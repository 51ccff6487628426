import type { BookingTestDatabase } from '@ticketing/booking/testing';

/**
 * A checksum of every row of every table in the test database, one per
 * table, to prove a refused request changed nothing. Tables are found in
 * the catalog rather than named, so a table added later is covered too.
 */
export async function databaseChecksum(booking: BookingTestDatabase): Promise<Record<string, string>> {
  const sql = booking.sql();
  const tables = await sql.execute<Array<{ name: string }>>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  if (tables.length === 0) throw new Error('the test database has no tables');
  const parts = tables.map(
    ({ name }) =>
      `SELECT '${name.replace(/'/g, "''")}' AS name,
              md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) AS sum
         FROM "${name.replace(/"/g, '""')}" t`,
  );
  const rows = await sql.execute<Array<{ name: string; sum: string }>>(parts.join(' UNION ALL '));
  return Object.fromEntries(rows.map((row) => [row.name, row.sum]));
}
