import { createLogger, shutdownOnSignals } from '@ticketing/common';
import { startGateHub } from './composition.ts';
import { loadGateHubConfig } from './config.ts';

/* The gate hub a steward runs on a laptop on the venue's network (`npm run gate-hub`); docs/gate-hub.md. */

const config = loadGateHubConfig();
const logger = createLogger('gate-hub', config.LOG_LEVEL);

try {
  const running = await startGateHub(config, logger);
  shutdownOnSignals(logger, running.resources);
  logger.info(
    { url: running.server.url, eventId: config.GATE_HUB_EVENT_ID, platform: config.GATE_HUB_PLATFORM_URL },
    'gate hub listening: devices use this address and the device key',
  );
} catch (error) {
  logger.fatal({ err: error }, 'gate hub failed to start');
  process.exit(1);
}
