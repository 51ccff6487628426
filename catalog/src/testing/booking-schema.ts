import { readdir, readFile } from 'node:fs/promises';
import pg from 'pg';

const migrationsDir = new URL('../../../booking/src/migrations/', import.meta.url);

/**
 * Applies booking's SQL migrations to a test database: the catalog reads
 * booking's schema and must be tested against the real one, not a copy.
 */
export async function applyBookingSchema(databaseUrl: string): Promise<void> {
  const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const file of files) await client.query(await readFile(new URL(file, migrationsDir), 'utf8'));
  } finally {
    await client.end();
  }
}
