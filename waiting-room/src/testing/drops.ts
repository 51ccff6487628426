import pg from 'pg';
import { migrateTestDatabase } from '@ticketing/booking/testing';
import { createTestDatabase } from '@ticketing/common/testing';

export { insertDrop, updateDrop, type DropFixture } from '@ticketing/booking/testing';

/** A test database with booking's schema: the waiting room reads drops through booking's read models. */
export interface DropsDatabase {
  url: string;
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function createDropsDatabase(label: string): Promise<DropsDatabase> {
  const database = await createTestDatabase(label);
  await migrateTestDatabase(database.url);
  const pool = new pg.Pool({ connectionString: database.url, max: 3 });
  return {
    url: database.url,
    pool,
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}
