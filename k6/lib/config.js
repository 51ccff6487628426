/* global __ENV */
// Settings from the environment: k6 run -e BASE_URL=https://tickets.example.com ...
// Every scenario reads the same names; each says which ones it needs.

function text(name, fallback) {
  const value = __ENV[name];
  return value === undefined || value === '' ? fallback : value;
}

function number(name, fallback) {
  const raw = text(name, undefined);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not "${raw}"`);
  return value;
}

function flag(name, fallback) {
  const raw = text(name, undefined);
  return raw === undefined ? fallback : ['1', 'true', 'yes'].includes(raw.toLowerCase());
}

const withoutSlash = (url) => (url === undefined ? undefined : url.replace(/\/+$/, ''));

const baseUrl = withoutSlash(text('BASE_URL', undefined));

export const config = {
  // Public address of the deployment (the load balancer's host name).
  baseUrl,
  // Keycloak realm issuer; the deployment serves it under the same host.
  issuer: withoutSlash(text('ISSUER', baseUrl === undefined ? undefined : `${baseUrl}/realms/ticketing`)),
  // Client allowed the password grant, and the password all load-test users share.
  clientId: text('CLIENT_ID', 'loadtest'),
  password: text('LOADTEST_PASSWORD', undefined),
  // The drop fans queue for and the event they book (ids from the organizer pages or the seed).
  dropId: text('DROP_ID', undefined),
  eventId: text('EVENT_ID', undefined),
  // Fans are loadtest-<USER_OFFSET + 1> …; give each concurrent run its own range.
  userOffset: number('USER_OFFSET', 0),
  // How many fans, and over how many seconds they arrive.
  fans: number('FANS', 1000),
  arrivalSeconds: number('ARRIVAL_SECONDS', 60),
  // How long one fan waits in line before giving up.
  maxWaitSeconds: number('MAX_WAIT_SECONDS', 1800),
  // Poll interval when the server does not ask for one (it sends heartbeatSeconds).
  pollSeconds: number('POLL_SECONDS', 5),
  // Share of fans holding a WebSocket instead of polling /queue/me (0 … 1).
  socketShare: number('SOCKET_SHARE', 0.5),
  // Seats each fan tries to hold, and how often after a 409.
  seatsPerFan: number('SEATS_PER_FAN', 2),
  holdAttempts: number('HOLD_ATTEMPTS', 3),
  // Share of fans who place an order; the others release their hold.
  orderShare: number('ORDER_SHARE', 1),
  // Share of orders sent twice with one Idempotency-Key (the answer must be the same order).
  idempotencyShare: number('IDEMPOTENCY_SHARE', 0.1),
  // Catalog: reads per second, and test length.
  rate: number('RATE', 200),
  duration: text('DURATION', '5m'),
  // Catalog stream: concurrent listeners and how long each stays.
  listeners: number('LISTENERS', 500),
  listenSeconds: number('LISTEN_SECONDS', 120),
  // Print every unexpected answer (noisy; for small runs).
  debug: flag('DEBUG', false),
};

/** Fails at start-up, naming each missing variable, rather than in every iteration. */
export function requireConfig(...keys) {
  const names = {
    baseUrl: 'BASE_URL',
    issuer: 'ISSUER',
    password: 'LOADTEST_PASSWORD',
    dropId: 'DROP_ID',
    eventId: 'EVENT_ID',
  };
  const missing = keys.filter((key) => config[key] === undefined).map((key) => names[key] || key);
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: pass them with k6 run -e NAME=value (see k6/README.md)`);
  }
  return config;
}

export function wsUrl(path) {
  return `${config.baseUrl.replace(/^http/, 'ws')}${path}`;
}
