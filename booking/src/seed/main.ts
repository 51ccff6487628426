/**
 * `node booking/src/seed/main.ts`: seeds the demo into DATABASE_URL (already
 * migrated). Safe to run any number of times; `npm start` runs it on every start.
 */
import { baseConfig, createLogger, createPgPool, loadConfig, url } from '@ticketing/common';
import { seedDemo } from './demo.ts';

const config = loadConfig('seed', {
  ...baseConfig,
  // the booking database, already migrated
  DATABASE_URL: url('postgres://postgres@127.0.0.1:5432/ticketing'),
});
const logger = createLogger('seed', config.LOG_LEVEL);
const pool = createPgPool({ connectionString: config.DATABASE_URL, max: 1, applicationName: 'seed' }, logger);

try {
  const { created } = await seedDemo(pool);
  const total = Object.values(created).reduce((a, b) => a + b, 0);
  logger.info({ created }, total === 0 ? 'demo already seeded; nothing changed' : 'demo seeded');
} catch (error) {
  logger.fatal({ err: error }, 'seeding the demo failed');
  process.exitCode = 1;
} finally {
  await pool.end();
}
