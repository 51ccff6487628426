import { createLogger, shutdownOnSignals } from '@ticketing/common';
import { startBookingRelay } from './composition.ts';
import { loadRelayConfig } from './outbox/relay-config.ts';

/* The outbox relay process: publishes booking's outbox to RabbitMQ. Several copies may run. */

const config = loadRelayConfig();
const logger = createLogger('booking-relay', config.LOG_LEVEL);

try {
  const relay = await startBookingRelay(config, logger);
  shutdownOnSignals(logger, relay.resources);
} catch (error) {
  logger.fatal({ err: error }, 'relay failed to start');
  process.exit(1);
}
