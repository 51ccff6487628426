import { createLogger, shutdownOnSignals } from '@ticketing/common';
import { startBookingApi } from './composition.ts';
import { loadBookingConfig } from './config.ts';

/* The booking HTTP process. Any number of copies can run: all coordination is in PostgreSQL. */

const config = loadBookingConfig();
const logger = createLogger('booking', config.LOG_LEVEL);

try {
  const api = await startBookingApi(config, logger);
  shutdownOnSignals(logger, api.resources);
} catch (error) {
  logger.fatal({ err: error }, 'booking failed to start');
  process.exit(1);
}
