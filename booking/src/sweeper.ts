import { createLogger, shutdownOnSignals } from '@ticketing/common';
import { loadBookingConfig } from './config.ts';
import { createOrm } from './db/orm.ts';
import { startSweeper } from './holds/sweep.ts';
import { startInventoryPublisher } from './inventory/publish.ts';

/*
 * The hold sweeper process, which also publishes drop inventory. Several may
 * run: each sweep batch claims its holds with SKIP LOCKED, and each drop's
 * inventory is published under a per-drop advisory lock.
 */

const config = loadBookingConfig();
const logger = createLogger('booking-sweeper', config.LOG_LEVEL);

try {
  const orm = await createOrm({
    databaseUrl: config.DATABASE_URL,
    poolSize: 2,
    logger,
    applicationName: 'booking-sweeper',
  });
  const inventory = startInventoryPublisher(orm.em, logger, { intervalMs: config.INVENTORY_INTERVAL_MS });
  const sweeper = startSweeper(orm.em, logger, {
    intervalMs: config.SWEEPER_INTERVAL_MS,
    batchSize: config.SWEEPER_BATCH_SIZE,
    onReleased: () => inventory.publishNow(),
  });
  logger.info(
    {
      intervalMs: config.SWEEPER_INTERVAL_MS,
      batchSize: config.SWEEPER_BATCH_SIZE,
      inventoryIntervalMs: config.INVENTORY_INTERVAL_MS,
    },
    'sweeper started',
  );
  shutdownOnSignals(logger, [
    { name: 'postgres', close: () => orm.close() },
    { name: 'inventory', close: () => inventory.stop() },
    { name: 'sweeper', close: () => sweeper.stop() },
  ]);
} catch (error) {
  logger.fatal({ err: error }, 'sweeper failed to start');
  process.exit(1);
}
