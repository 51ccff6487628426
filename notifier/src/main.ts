import { createLogger, loadConfig, shutdownOnSignals } from '@ticketing/common';
import { notifierConfigShape } from './config.ts';
import { startNotifier } from './composition.ts';

const config = loadConfig('notifier', notifierConfigShape);
const logger = createLogger('notifier', config.LOG_LEVEL);
const notifier = await startNotifier(config, logger);
shutdownOnSignals(logger, notifier.resources);
logger.info({ url: notifier.server.url, queue: config.NOTIFIER_QUEUE, smtp: config.SMTP_URL }, 'notifier running');
