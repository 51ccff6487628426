import { createLogger } from '@ticketing/common';
import { loadBookingConfig } from './config.ts';
import { migrateDatabase } from './db/migrate-database.ts';

/* Applies pending migrations to DATABASE_URL and exits: `npm run migrate`, and each deployment. */

const config = loadBookingConfig();
const logger = createLogger('booking-migrate', config.LOG_LEVEL);
try {
  const applied = await migrateDatabase(config.DATABASE_URL, logger);
  logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'schema is up to date');
} catch (error) {
  logger.fatal({ err: error }, 'migration failed');
  process.exitCode = 1;
}
