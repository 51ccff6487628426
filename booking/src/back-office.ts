/*
 * What the back office (the admin service) may call: booking's use cases for
 * organizers (venues, events and their lifecycle, seat maps, drops), admins and gate staff, with their inputs and
 * answers, the ticket key's configuration (codes are checked and gate lists signed with it), and a way to open
 * booking's database to run them on. Everything else in booking is private.
 * The caller authenticates people, checks their roles and says who acts
 * (`Actor`); the use cases own their transactions, apply who may manage
 * what, and write the outbox and the audit log.
 */

export type { Actor } from './actor.ts';
export type { Database } from './db/database.ts';

export {
  createDropInput,
  dropChanges,
  dropView,
  type CreateDropInput,
  type DropChanges,
  type DropView,
} from './drops/schema.ts';
export { createDrop, getDrop, listDrops, setDropPaused, updateDrop } from './drops/service.ts';

export {
  getTransferRules,
  setTransferRules,
  transferRulesInput,
  transferRulesView,
  type TransferRulesInput,
  type TransferRulesView,
} from './transfers/rules.ts';

export {
  createVenueInput,
  venueChanges,
  venueView,
  type CreateVenueInput,
  type VenueChanges,
  type VenueView,
} from './venues/schema.ts';
export { createVenue, getVenue, listVenues, updateVenue } from './venues/service.ts';

export {
  createEventInput,
  eventChanges,
  eventListQuery,
  eventView,
  type CreateEventInput,
  type EventChanges,
  type EventListQuery,
  type EventView,
} from './events/schema.ts';
export { createEvent, getEvent, listEvents, updateEvent } from './events/service.ts';
export { changeEventStatus } from './events/lifecycle.ts';
export type { Transition as EventTransition } from './events/status.ts';

export { seatMapDesign, seatMapInput, type SeatMapDesign, type SeatMapInput } from './seat-maps/schema.ts';
export { getSeatMap, replaceSeatMap, type SeatMapAnswer } from './seat-maps/service.ts';
export { exportSeatMapCsv, importSeatMapCsv } from './seat-maps/csv-service.ts';

export { dropSales, type DropSales } from './stats/schema.ts';
export { readDropSales } from './stats/service.ts';

export { refundOrder, type RefundOrderInput, type RefundOrderResult } from './tickets/refund.ts';
export { reissueTicket, type ReissueTicketInput } from './tickets/reissue.ts';

export { openBookingDatabase, type BookingDatabase, type BookingDatabaseOptions } from './composition.ts';

export {
  idempotencyHeaders,
  orderList,
  orderPage,
  orderSearch,
  refundAnswer,
  refundRequest,
  reissueAnswer,
  reissueRequest,
  type OrderList,
  type OrderPage,
  type OrderSearch,
  type RefundRequest,
} from './back-office-orders/schema.ts';
export { findOrders, readOrderPage, refundOrderOnce, reissueTicketOnce } from './back-office-orders/service.ts';
export { cancelEvent, refundCancelledOrders, type EventCancellation } from './event-cancellation/service.ts';
export { auditEntry, auditFilter, auditPage, auditQuery, type AuditFilter, type AuditQuery } from './audit/schema.ts';
export { auditExportLimit, exportAuditLog, readAuditLog } from './audit/query.ts';

export { scanTicket } from './scans/scan.ts';
export { uploadOfflineScans } from './scans/offline-upload.ts';
export { readScanRates, scanRates, scanRatesQuery, type ScanRates, type ScanRatesQuery } from './scans/rates.ts';
export { readGateList } from './gate-list/service.ts';
export { ticketConfigShape, ticketSigningKey } from './tickets/signing.ts';
