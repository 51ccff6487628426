import { createLogger, shutdownOnSignals } from '@ticketing/common';
import { startAdmin } from './composition.ts';
import { loadAdminConfig } from './config.ts';

/* The back-office HTTP process. Migrations belong to booking (`npm run migrate`); this process only uses the schema. */

const config = loadAdminConfig();
const logger = createLogger('admin', config.LOG_LEVEL);

try {
  const admin = await startAdmin(config, logger);
  shutdownOnSignals(logger, admin.resources);
  logger.info({ port: admin.server.port, url: admin.server.url, waitingRoom: config.WAITING_ROOM_URL }, 'listening');
} catch (error) {
  logger.fatal({ err: error }, 'admin failed to start');
  process.exit(1);
}
