import { createLogger, shutdownOnSignals } from '@ticketing/common';
import { loadBookingConfig } from './config.ts';
import { createOrm } from './db/orm.ts';
import { startSweeper } from './holds/sweep.ts';

/* The hold sweeper process. Several may run: each batch claims its holds with SKIP LOCKED. */

const config = loadBookingConfig();
const logger = createLogger('booking-sweeper', config.LOG_LEVEL);

try {
  const orm = await createOrm({
    databaseUrl: config.DATABASE_URL,
    poolSize: 2,
    logger,
    applicationName: 'booking-sweeper',
  });
  const sweeper = startSweeper(orm.em, logger, {
    intervalMs: config.SWEEPER_INTERVAL_MS,
    batchSize: config.SWEEPER_BATCH_SIZE,
  });
  logger.info({ intervalMs: config.SWEEPER_INTERVAL_MS, batchSize: config.SWEEPER_BATCH_SIZE }, 'sweeper started');
  shutdownOnSignals(logger, [
    { name: 'postgres', close: () => orm.close() },
    { name: 'sweeper', close: () => sweeper.stop() },
  ]);
} catch (error) {
  logger.fatal({ err: error }, 'sweeper failed to start');
  process.exit(1);
}
