/*
 * Booking's test kit for every workspace: a migrated test database,
 * factories for booking's rows, and test identities. Other workspaces build
 * booking's data only through this entry, never with their own SQL.
 */
export * from './booking-database.ts';
export { migrateTestDatabase } from './database.ts';
export { createWorld, type World, type WorldOptions } from './world.ts';
export { addWorldSection, setWorldEventStatus } from './world-changes.ts';
export { holdSeats, releaseSeats, sellSeats, type SeatChangeOptions, type SeatMessage } from './seat-changes.ts';
export { insertDrop, updateDrop, type DropChanges, type DropFixture } from './drop-fixtures.ts';
export { dropTables, readAudit, readDropRow, type AuditRow, type DropTables } from './drops.ts';
export { organizerTables, readEventRow, readEventSeatRows, type OrganizerTables } from './organizer.ts';
export { insertPaidOrder } from './paid-orders.ts';
export * from './factories.ts';
export * from './orders.ts';
export * from './identity.ts';
export { startBookingProcess, type BookingProcess } from './booking-process.ts';
export { createRawHoldPath, type RawHoldPath } from './raw-hold.ts';
export { releaseCommitShapes } from './commit-shapes.ts';
export { preparePgbenchHolds } from './pgbench-hold.ts';
export * from './gate.ts';
export { settlePayments, type PaymentLedger } from './payment-ledger.ts';
export { readDevLedger, type DevLedgerEntry } from './dev-ledger.ts';
export { readSaleAudit, type SaleAudit } from './sale-audit.ts';
/** The fan's transfer use cases, for tests of what the door makes of a transferred ticket. */
export { acceptTransfer, offerTransfer } from '../transfers/service.ts';
