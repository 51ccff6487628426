import { DomainError, conflict, databaseUnavailable, invalid, notFound, unavailable } from '@ticketing/common';

/**
 * The one place where PostgreSQL failures become domain errors: by SQLSTATE,
 * and for constraint violations by the constraint's name (every constraint in
 * the schema is named for this). Anything not listed stays an unexpected error.
 */

const busy = (cause: unknown) =>
  unavailable('busy', 'The seats are in high demand; try again in a moment', { retryAfter: 1, cause });

const byState: Record<string, (cause: unknown) => DomainError> = {
  // lock_not_available: a lock wait hit `lock_timeout`
  '55P03': busy,
  // deadlock_detected: the lock order makes these impossible; still safe to retry
  '40P01': busy,
  // serialization_failure
  '40001': busy,
  // query_canceled: statement_timeout
  '57014': busy,
  // too_many_connections, cannot_connect_now, admin_shutdown, crash_shutdown
  '53300': (cause) => databaseUnavailable(cause),
  '57P01': (cause) => databaseUnavailable(cause),
  '57P02': (cause) => databaseUnavailable(cause),
  '57P03': (cause) => databaseUnavailable(cause),
  // protocol_violation: the statement goes out with its values inlined, and a NUL character in a value ends
  // the message early, so the server reads it malformed. That is the input's fault, like class 22 below.
  '08P01': (cause) => dataException(cause),
};

// Class 22, data exception (a malformed or out-of-range value, invalid_text_representation among them, and
// character_not_in_repertoire 22021 for a NUL byte): input the validators should have stopped. It is the
// request's fault, so a 400, never a 500 nor a 503.
const dataException = (cause: unknown) => invalid('validation_failed', 'A value has the wrong format', { cause });

const byConstraint: Record<string, (cause: unknown) => DomainError> = {
  hold_seats_seat_fk: (cause) => notFound('seat_not_found', 'A seat does not exist', { cause }),
  seats_hold_fk: (cause) => notFound('hold_not_found', 'The hold does not exist', { cause }),
  holds_event_fk: (cause) => notFound('event_not_found', 'The event does not exist', { cause }),
  holds_drop_fk: (cause) => notFound('drop_not_found', 'The drop does not exist', { cause }),
  holds_seat_count_ck: (cause) => invalid('validation_failed', 'A hold needs at least one seat', { cause }),
  hold_seats_pk: (cause) => invalid('validation_failed', 'A seat is listed twice', { cause }),
  orders_user_idempotency_key_uq: (cause) =>
    new DomainError('unprocessable', 'idempotency_key_reused', 'This idempotency key was used for another request', {
      cause,
    }),
  orders_hold_uq: (cause) => conflict('hold_already_ordered', 'This hold already has an order', { cause }),
  tickets_seat_valid_uq: (cause) => conflict('seat_already_sold', 'The seat already has a valid ticket', { cause }),
  ticket_transfers_one_pending_uq: (cause) =>
    conflict('transfer_pending', 'This ticket already has a transfer waiting to be accepted', { cause }),
  payments_order_uq: (cause) => conflict('payment_exists', 'The order already has a payment', { cause }),
  drops_event_fk: (cause) => notFound('event_not_found', 'The event does not exist', { cause }),
  drops_size_ck: (cause) => dropSettingOutOfRange('size', cause),
  drops_rate_ck: (cause) => dropSettingOutOfRange('releaseRatePerMinute', cause),
  drops_max_active_ck: (cause) => dropSettingOutOfRange('maxActive', cause),
  drops_hold_seconds_ck: (cause) => dropSettingOutOfRange('holdSeconds', cause),
  drops_per_user_limit_ck: (cause) => dropSettingOutOfRange('perUserLimit', cause),
  events_venue_fk: (cause) => notFound('venue_not_found', 'The venue does not exist', { cause }),
  events_name_ck: (cause) => fieldInvalid('name', cause),
  events_description_ck: (cause) => fieldInvalid('description', cause),
  events_dates_ck: (cause) =>
    invalid('event_dates_invalid', "The event's dates are inconsistent", {
      details: {
        errors: [
          { in: 'body', path: 'endsAt', code: 'ends_before_starts', message: 'endsAt must not be before startsAt' },
        ],
      },
      cause,
    }),
  venues_name_ck: (cause) => fieldInvalid('name', cause),
  venues_city_ck: (cause) => fieldInvalid('city', cause),
  venues_address_ck: (cause) => fieldInvalid('address', cause),
  venues_timezone_ck: (cause) => fieldInvalid('timezone', cause),
  // The seat map's rules (seat-maps/plan.ts) catch these first; a value past them is still named.
  price_tiers_event_name_uq: (cause) => seatMapInvalid('priceTiers', 'duplicate_name', cause),
  price_tiers_name_ck: (cause) => seatMapInvalid('priceTiers', 'out_of_range', cause),
  price_tiers_price_ck: (cause) => seatMapInvalid('priceTiers', 'out_of_range', cause),
  price_tiers_currency_ck: (cause) => seatMapInvalid('priceTiers', 'invalid_currency', cause),
  sections_event_name_uq: (cause) => seatMapInvalid('sections', 'duplicate_name', cause),
  sections_name_ck: (cause) => seatMapInvalid('sections', 'out_of_range', cause),
  sections_capacity_ck: (cause) => seatMapInvalid('sections', 'out_of_range', cause),
  seats_section_label_uq: (cause) => seatMapInvalid('sections', 'duplicate_seat', cause),
  seats_label_ck: (cause) => seatMapInvalid('sections', 'out_of_range', cause),
  drops_window_ck: (cause) =>
    dropScheduleInvalid('closesAt', 'closes_not_after_opens', 'closesAt must be after opensAt', cause),
  drops_prequeue_ck: (cause) =>
    dropScheduleInvalid('prequeueOpensAt', 'prequeue_after_opens', 'prequeueOpensAt must not be after opensAt', cause),
  scans_event_fk: (cause) => notFound('event_not_found', 'The event does not exist', { cause }),
  scans_ticket_fk: (cause) => notFound('ticket_not_found', 'The ticket does not exist', { cause }),
  scans_gate_ck: (cause) => fieldInvalid('gateId', cause),
  scans_device_ck: (cause) => fieldInvalid('deviceId', cause),
  scans_nonce_ck: (cause) => fieldInvalid('nonce', cause),
  back_office_requests_key_ck: (cause) => fieldInvalid('idempotency-key', cause),
  event_cancellations_event_fk: (cause) => notFound('event_not_found', 'The event does not exist', { cause }),
  event_cancellations_reason_ck: (cause) => fieldInvalid('reason', cause),
};

/** The shape of `validation_failed` from the route schemas: one entry naming the field. */
function fieldInvalid(path: string, cause: unknown): DomainError {
  return invalid('validation_failed', 'The request has invalid fields', {
    details: { errors: [{ in: 'body', path, code: 'out_of_range', message: `${path} is out of range` }] },
    cause,
  });
}

function seatMapInvalid(path: string, code: string, cause: unknown): DomainError {
  return invalid('seat_map_invalid', 'The seat map has errors', {
    details: { errors: [{ in: 'body', path, code, message: `a ${path} value breaks a rule of the seat map` }] },
    cause,
  });
}

function dropSettingOutOfRange(field: string, cause: unknown): DomainError {
  return invalid('drop_setting_out_of_range', `The drop's ${field} is out of range`, { details: { field }, cause });
}

/** The same shape the drop use cases report their schedule rules in: one entry per broken rule. */
function dropScheduleInvalid(path: string, rule: string, message: string, cause: unknown): DomainError {
  return invalid('drop_schedule_invalid', "The drop's schedule is inconsistent", {
    details: { errors: [{ in: 'body', path, code: rule, message }] },
    cause,
  });
}

const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/** The domain error for a database failure, or undefined when it is not one we expect. */
export function translateDatabaseError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (typeof constraint === 'string') {
    const byName = byConstraint[constraint];
    if (byName) return byName(error);
  }
  if (typeof code === 'string') {
    const byCode = byState[code];
    if (byCode) return byCode(error);
    if (code.startsWith('22')) return dataException(error);
    // Class 08: connection exceptions reported by the server.
    if (code.startsWith('08') || connectionCodes.has(code)) return databaseUnavailable(error);
  }
  return undefined;
}

const sqlState = /^[0-9A-Z]{5}$/;

/**
 * What a failed call into the driver means. PostgreSQL's own refusals carry a
 * SQLSTATE (and are translated above); a failure with none came from the
 * connection itself: closed under the statement by a server shutting down or
 * a pooler losing its backend, a pool that could not hand out a connection in
 * time, a client already ended. All mean the database cannot answer now.
 */
export function driverFailure(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const { code } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown };
  if (typeof code === 'string' && (sqlState.test(code) || connectionCodes.has(code))) return error;
  return databaseUnavailable(error);
}

/** Rethrows a database failure as its domain error, or as it was. */
export function rethrowTranslated(error: unknown): never {
  throw translateDatabaseError(error) ?? error;
}

/** A unique violation, optionally of one named constraint: for use cases that resolve their own races. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  // Transactions translate what they throw (database.ts): look at the driver's error beneath.
  if (error instanceof DomainError) return isUniqueViolation(error.cause, constraint);
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as { code?: unknown; constraint?: unknown };
  return fields.code === '23505' && (constraint === undefined || fields.constraint === constraint);
}

/** The database aborted the transaction to break a deadlock or a serialization conflict; running it again is safe. */
export function isRetryableTransactionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  return code === '40P01' || code === '40001';
}
