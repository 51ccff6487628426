import { createLogger, shutdownOnSignals } from '@ticketing/common';
import { startBookingSweeper } from './composition.ts';
import { loadBookingConfig } from './config.ts';

/* The hold sweeper process, which also publishes drop inventory. Several may run. */

const config = loadBookingConfig();
const logger = createLogger('booking-sweeper', config.LOG_LEVEL);

try {
  const sweeper = await startBookingSweeper(config, logger);
  logger.info(
    {
      intervalMs: config.SWEEPER_INTERVAL_MS,
      batchSize: config.SWEEPER_BATCH_SIZE,
      inventoryIntervalMs: config.INVENTORY_INTERVAL_MS,
    },
    'sweeper started',
  );
  shutdownOnSignals(logger, sweeper.resources);
} catch (error) {
  logger.fatal({ err: error }, 'sweeper failed to start');
  process.exit(1);
}
