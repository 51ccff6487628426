import { createLogger, loadConfig, shutdownOnSignals } from '@ticketing/common';
import { ProductionRefusedError, startIdentity } from './composition.ts';
import { identityConfig } from './config.ts';

// Refused before reading any other setting, so the reason given is the real one.
if (process.env.NODE_ENV === 'production') {
  process.stderr.write(`identity: ${new ProductionRefusedError().message}\n`);
  process.exit(1);
}

const config = loadConfig('identity', identityConfig);
const logger = createLogger('identity', config.LOG_LEVEL);

try {
  const { identity, server } = await startIdentity(config, logger);
  shutdownOnSignals(logger, [{ name: 'http', close: () => server.close() }]);
  logger.info(
    {
      issuer: identity.issuer,
      listen: server.url,
      signingKeys: identity.publicJwks.keys.map((k) => k.kid),
      loadTestUsers: config.IDENTITY_LOADTEST_USERS ? config.IDENTITY_LOADTEST_COUNT : 0,
    },
    'development identity provider ready',
  );
} catch (error) {
  if (error instanceof ProductionRefusedError) {
    process.stderr.write(`identity: ${error.message}\n`);
    process.exit(1);
  }
  logger.fatal({ err: error }, 'identity provider failed to start');
  process.exit(1);
}
