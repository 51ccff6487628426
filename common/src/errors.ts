/**
 * Domain errors carry a stable `code` and the kind of failure, never an
 * HTTP status: the one error middleware maps kinds to statuses, so the
 * domain stays usable from consumers, commands and tests alike.
 */
export type ErrorKind =
  | 'invalid' // 400: the request cannot be understood
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: valid, but the state of the world says no
  | 'gone' // 410
  | 'too_large' // 413
  | 'unsupported' // 415
  | 'unprocessable' // 422
  | 'rate_limited' // 429
  | 'unavailable'; // 503: a dependency is down or busy; safe to retry

export const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

export interface DomainErrorOptions {
  /** Extra members for the problem body, such as the seats that were taken. */
  details?: Record<string, unknown>;
  /** Seconds a client should wait before retrying (429, 503). */
  retryAfter?: number;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfter: number | undefined;

  constructor(kind: ErrorKind, code: string, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }
}

export const invalid = (code: string, message: string, options?: DomainErrorOptions) =>
  new DomainError('invalid', code, message, options);
export const notFound = (code: string, message: string, options?: DomainErrorOptions) =>
  new DomainError('not_found', code, message, options);
export const conflict = (code: string, message: string, options?: DomainErrorOptions) =>
  new DomainError('conflict', code, message, options);
export const forbidden = (code: string, message: string, options?: DomainErrorOptions) =>
  new DomainError('forbidden', code, message, options);
export const unauthenticated = (code: string, message: string, options?: DomainErrorOptions) =>
  new DomainError('unauthenticated', code, message, options);
export const unavailable = (code: string, message: string, options?: DomainErrorOptions) =>
  new DomainError('unavailable', code, message, options);

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
