import { createLogger, loadConfig, shutdownOnSignals } from '@ticketing/common';
import { waitingRoomConfigShape } from './config.ts';
import { startWaitingRoom } from './composition.ts';

const config = loadConfig('waiting-room', waitingRoomConfigShape);
const logger = createLogger('waiting-room', config.LOG_LEVEL);
const room = await startWaitingRoom(config, { logger });
shutdownOnSignals(logger, [{ name: 'waiting-room', close: () => room.close() }]);
