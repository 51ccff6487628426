import { createLogger, createMetrics, listen, loadConfig, shutdownOnSignals } from '@ticketing/common';
import { identityConfig } from './config.ts';
import { createIdentityProvider, ProductionRefusedError } from './identity-provider.ts';
import { loadRealmExport } from './realm.ts';

// Refused before reading any other setting, so the reason given is the real one.
if (process.env.NODE_ENV === 'production') {
  process.stderr.write(`identity: ${new ProductionRefusedError().message}\n`);
  process.exit(1);
}

const config = loadConfig('identity', identityConfig);
const logger = createLogger('identity', config.LOG_LEVEL);

try {
  const identity = await createIdentityProvider({
    baseUrl: config.IDENTITY_BASE_URL,
    realm: loadRealmExport(config.IDENTITY_REALM_FILE),
    ...(config.IDENTITY_SIGNING_KEYS === undefined ? {} : { signingKeys: config.IDENTITY_SIGNING_KEYS }),
    cookieKeys: config.IDENTITY_COOKIE_KEYS.split(',').filter(Boolean),
    loadTestUsers: {
      enabled: config.IDENTITY_LOADTEST_USERS,
      password: config.IDENTITY_LOADTEST_PASSWORD,
      count: config.IDENTITY_LOADTEST_COUNT,
    },
    env: config.NODE_ENV,
    logger,
    metrics: createMetrics('identity'),
    proxy: config.IDENTITY_TRUST_PROXY,
  });
  const server = await listen(identity.app, config.IDENTITY_PORT, config.IDENTITY_HOST);
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
