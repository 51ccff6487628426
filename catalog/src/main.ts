import { createLogger, loadConfig, shutdownOnSignals } from '@ticketing/common';
import { catalogConfigShape } from './config.ts';
import { startCatalog } from './composition.ts';

const config = loadConfig('catalog', catalogConfigShape);
const logger = createLogger('catalog', config.LOG_LEVEL);
const catalog = await startCatalog(config, logger);
shutdownOnSignals(logger, catalog.resources);
logger.info({ url: catalog.server.url, feeder: config.CATALOG_FEEDER }, 'catalog listening');
