import { createHash, createPrivateKey } from 'node:crypto';

/**
 * One name, one isolated stack on a shared machine: `npm start -- --instance
 * NAME` (or `TICKETING_INSTANCE=NAME`) derives from the name everything two
 * stacks could otherwise share by accident: the database, every Redis key
 * prefix, the RabbitMQ exchanges and queues, every port, the identity
 * provider's issuer, and every development key. Two instances therefore never
 * read each other's data, consume each other's events, or accept each other's
 * tokens; and an instance never falls back to the default stack's shared
 * development keys (a process that has `TICKETING_INSTANCE` but lacks one of
 * them refuses to start, see `parseConfig`).
 *
 * The derivation is deterministic: restarting an instance finds its own
 * database, queues and keys again. Its keys are derived from the name, so
 * anyone can compute them: they are development keys, and production refuses
 * `TICKETING_INSTANCE` altogether.
 */

export const instanceNamePattern = /^[a-z][a-z0-9-]{0,29}$/;

export class InstanceNameError extends Error {}

export function checkInstanceName(name: string): string {
  if (!instanceNamePattern.test(name)) {
    throw new InstanceNameError(
      `instance name "${name}" must be 1 to 30 lower-case letters, digits or dashes, starting with a letter`,
    );
  }
  return name;
}

/** Offsets of each listening port inside an instance's block of ports. */
export const instancePortOffsets = {
  WAITING_ROOM_PORT: 1,
  BOOKING_PORT: 2,
  CATALOG_PORT: 3,
  ADMIN_PORT: 4,
  IDENTITY_PORT: 5,
  NOTIFIER_PORT: 6,
  RELAY_PORT: 7,
  PAYMENTS_WORKER_PORT: 8,
  GATE_HUB_PORT: 9,
  SITE_PORT: 10,
  MAIL_UI_PORT: 11,
  MAIL_SMTP_PORT: 12,
} as const;

export type InstancePorts = Record<keyof typeof instancePortOffsets, number>;

const portBlock = 20;
const firstBlock = 10_000;
/** Blocks between 10000 and 30000: below Linux's ephemeral range, above the well-known ports. */
const blocks = 1_000;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The first port of the instance's block: derived from the name unless given. */
export function instancePortBase(name: string): number {
  return (
    firstBlock + (digest(`ticketing-instance-ports:${checkInstanceName(name)}`).readUInt32BE(0) % blocks) * portBlock
  );
}

export function instancePorts(portBase: number): InstancePorts {
  if (!Number.isInteger(portBase) || portBase < 1_024 || portBase + portBlock > 65_535) {
    throw new InstanceNameError(`port base ${portBase} must be between 1024 and ${65_535 - portBlock}`);
  }
  return Object.fromEntries(
    Object.entries(instancePortOffsets).map(([variable, offset]) => [variable, portBase + offset]),
  ) as InstancePorts;
}

/** A 32-byte secret of the instance for one purpose. */
function instanceSecret(name: string, purpose: string): Buffer {
  return digest(`ticketing-instance-secret:${name}:${purpose}`);
}

/** An Ed25519 private key whose seed is the instance's secret for `purpose`. */
function ed25519Key(name: string, purpose: string) {
  // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410).
  const prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  return createPrivateKey({
    key: Buffer.concat([prefix, instanceSecret(name, purpose)]),
    format: 'der',
    type: 'pkcs8',
  });
}

export interface InstanceOptions {
  /** The first port of the block; derived from the name when absent (`TICKETING_INSTANCE_PORT_BASE`). */
  portBase?: number;
  /** The PostgreSQL server; the instance's database replaces its database name. */
  databaseUrl?: string;
}

/**
 * Every variable an instance sets, for every process role. Server
 * addresses other than the database's name (REDIS_URL, AMQP_URL, SMTP
 * servers outside the stack) are not the instance's business.
 */
export function instanceEnvironment(name: string, options: InstanceOptions = {}): Record<string, string> {
  checkInstanceName(name);
  const port = instancePorts(options.portBase ?? instancePortBase(name));
  const database = new URL(options.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/ticketing');
  database.pathname = `/ticketing_${name.replaceAll('-', '_')}`;
  const local = (p: number) => `http://localhost:${p}`;
  const site = local(port.SITE_PORT);
  const admissionJwk = {
    ...ed25519Key(name, 'admission').export({ format: 'jwk' }),
    kid: `${name}-admission-1`,
    alg: 'EdDSA',
    use: 'sig',
  };
  const ticketKey = ed25519Key(name, 'tickets').export({ format: 'pem', type: 'pkcs8' }).toString();
  const secretText = (purpose: string) => instanceSecret(name, purpose).toString('hex');

  return {
    TICKETING_INSTANCE: name,
    ...Object.fromEntries(Object.entries(port).map(([variable, value]) => [variable, String(value)])),
    DATABASE_URL: database.toString(),
    // Redis: every key and channel of the instance starts with its name.
    WAITING_ROOM_REDIS_PREFIX: `${name}:`,
    CATALOG_REDIS_PREFIX: `${name}:catalog:`,
    REMINDERS_REDIS_PREFIX: `${name}:catalog:`,
    NOTIFIER_REDIS_PREFIX: `${name}:notifier:`,
    // RabbitMQ: its own exchanges, so no event crosses to another instance's queues.
    EVENTS_EXCHANGE: `${name}.ticketing.events`,
    EVENTS_DEAD_LETTER_EXCHANGE: `${name}.ticketing.events.dlx`,
    WAITING_ROOM_QUEUE: `${name}.waiting-room.events`,
    CATALOG_QUEUE: `${name}.catalog.availability`,
    NOTIFIER_QUEUE: `${name}.notifier.emails`,
    PAYMENTS_QUEUE: `${name}.booking.payments`,
    // Its own identity provider and waiting room are the only ones it trusts.
    IDENTITY_BASE_URL: local(port.IDENTITY_PORT),
    OIDC_ISSUER: `${local(port.IDENTITY_PORT)}/realms/ticketing`,
    ADMISSION_JWKS_URL: `${local(port.WAITING_ROOM_PORT)}/.well-known/jwks.json`,
    WAITING_ROOM_URL: local(port.WAITING_ROOM_PORT),
    BOOKING_URL: local(port.BOOKING_PORT),
    CATALOG_URL: local(port.CATALOG_PORT),
    ADMIN_URL: local(port.ADMIN_PORT),
    GATE_HUB_PLATFORM_URL: local(port.ADMIN_PORT),
    SITE_URL: site,
    CATALOG_CORS_ORIGINS: `${site},http://127.0.0.1:${port.SITE_PORT}`,
    SMTP_URL: `smtp://127.0.0.1:${port.MAIL_SMTP_PORT}`,
    // Its own development keys, never the shared ones.
    ADMISSION_SIGNING_KEYS: JSON.stringify({ keys: [admissionJwk] }),
    TICKET_SIGNING_KEY: ticketKey,
    IDENTITY_COOKIE_KEYS: secretText('identity-cookies'),
    SITE_SESSION_SECRETS: secretText('site-sessions'),
    GATE_HUB_DEVICE_KEY: secretText('gate-hub-device'),
    // The realm's own demo values: served by the instance's identity provider under its own issuer.
    IDENTITY_LOADTEST_PASSWORD: 'loadtest',
    GATE_HUB_CLIENT_SECRET: 'services-dev-secret',
    GATE_HUB_PASSWORD: 'gate',
  };
}
