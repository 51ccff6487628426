/**
 * Generated users for benchmarks: `loadtest-00001` … `loadtest-<count>`,
 * each a fan with a stable id. Nothing is stored per user: the id encodes
 * the user's number, so any process (a benchmark seeding orders, a Keycloak
 * import script) computes the same id without asking the provider.
 */

const usernamePattern = /^loadtest-(\d{5,})$/;
// A UUID version 8 (RFC 9562, vendor-specific) whose last 48 bits are the user's number.
const idPrefix = '10ad7e57-0000-8000-8000-';
const idPattern = /^10ad7e57-0000-8000-8000-([0-9a-f]{12})$/;
const maxNumber = 2 ** 48 - 1;

export const loadTestRole = 'fan';

export function loadTestUsername(n: number): string {
  assertNumber(n);
  return `loadtest-${String(n).padStart(5, '0')}`;
}

export function loadTestUserId(n: number): string {
  assertNumber(n);
  return `${idPrefix}${n.toString(16).padStart(12, '0')}`;
}

export function loadTestEmail(n: number): string {
  return `${loadTestUsername(n)}@loadtest.test`;
}

/** The user's number, or undefined when `username` is not a canonical load-test name. */
export function parseLoadTestUsername(username: string): number | undefined {
  const digits = usernamePattern.exec(username)?.[1];
  if (digits === undefined) return undefined;
  const n = Number(digits);
  // One spelling per user: `loadtest-0000001` is not `loadtest-00001`.
  return n >= 1 && n <= maxNumber && loadTestUsername(n) === username ? n : undefined;
}

export function parseLoadTestUserId(id: string): number | undefined {
  const hex = idPattern.exec(id)?.[1];
  if (hex === undefined) return undefined;
  const n = Number.parseInt(hex, 16);
  return n >= 1 ? n : undefined;
}

function assertNumber(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > maxNumber) {
    throw new RangeError(`load-test user number must be an integer from 1 to ${maxNumber}`);
  }
}
