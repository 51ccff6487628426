import { createLogger } from '@ticketing/common';
import { loadBookingConfig } from './config.ts';
import { createOrm, migrate } from './db/orm.ts';

/* Applies pending migrations to DATABASE_URL and exits: `npm run migrate`, and each deployment. */

const config = loadBookingConfig();
const logger = createLogger('booking-migrate', config.LOG_LEVEL);
const orm = await createOrm({
  databaseUrl: config.DATABASE_URL,
  poolSize: 1,
  logger,
  applicationName: 'booking-migrate',
});
try {
  const applied = await migrate(orm);
  logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'schema is up to date');
} catch (error) {
  logger.fatal({ err: error }, 'migration failed');
  process.exitCode = 1;
} finally {
  await orm.close();
}
