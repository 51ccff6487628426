/**
 * Booking's process roles, as other workspaces start them: the entry files
 * (main.ts, sweeper.ts, payments-worker.ts, relay.ts, migrate.ts) run the
 * same starters, and the end-to-end tests and benchmarks call them in
 * process. Public entry of `@ticketing/booking/processes`.
 */
export {
  startBookingApi,
  startBookingPaymentsWorker,
  startBookingRelay,
  startBookingSweeper,
  type BookingApiOptions,
  type PaymentsWorkerRoleOptions,
  type RelayRoleOptions,
  type RunningRole,
} from './composition.ts';
export { bookingConfigShape, loadBookingConfig, parseBookingConfig, type BookingConfig } from './config.ts';
export { migrateDatabase } from './db/migrate-database.ts';
export { parseRelayConfig, relayConfigShape, type RelayConfig } from './outbox/relay-config.ts';
export { paymentRetryDelaysMs, paymentsQueue } from './payments/worker.ts';
export { seedDemo } from './seed/demo.ts';
