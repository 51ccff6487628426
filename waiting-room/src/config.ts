import { z } from 'zod';
import { baseConfig, devSecret, flag, port, redisClusterNodes, url, instanceScoped } from '@ticketing/common';

const positiveInt = (fallback: number, max = 1_000_000_000) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

/** The waiting room's variables; see common/src/config.ts for how they are read. */
export const waitingRoomConfigShape = {
  ...baseConfig,
  // HTTP port of the waiting room (JSON API and WebSockets)
  WAITING_ROOM_PORT: port(4001),
  // Redis holding every drop's line
  REDIS_URL: url('redis://127.0.0.1:6379'),
  // Redis Cluster mode: comma-separated host:port of some of its nodes (REDIS_URL then only lends its password)
  REDIS_CLUSTER_NODES: redisClusterNodes,
  // prepended to every waiting-room key and channel, so deployments can share one Redis
  WAITING_ROOM_REDIS_PREFIX: instanceScoped(z.string().default('')),
  // PostgreSQL, read-only: the drops table is where a drop's settings come from
  DATABASE_URL: instanceScoped(url('postgres://postgres@127.0.0.1:5432/ticketing')),
  // RabbitMQ carrying booking's events (orders paid, holds ended, inventory, drop changes)
  AMQP_URL: url('amqp://guest:guest@127.0.0.1:5672'),
  // topic exchange booking publishes to
  EVENTS_EXCHANGE: instanceScoped(z.string().min(1).default('ticketing.events')),
  // exchange carrying retries and parked messages
  EVENTS_DEAD_LETTER_EXCHANGE: instanceScoped(z.string().min(1).default('ticketing.events.dlx')),
  // queue the waiting room consumes; every instance shares it
  WAITING_ROOM_QUEUE: instanceScoped(z.string().min(1).default('waiting-room.events')),
  // delays before each retry of a failed event, comma-separated milliseconds; after the last it is parked
  WAITING_ROOM_RETRY_DELAYS_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'comma-separated milliseconds')
    .transform((v) => v.split(',').map(Number))
    .default([1_000, 5_000, 30_000, 120_000, 300_000]),
  // how often parked events are put back on the queue while Redis answers
  WAITING_ROOM_REDRIVE_MS: positiveInt(30_000),
  // the identity provider's issuer (Keycloak realm); fans' access tokens are verified against its keys
  OIDC_ISSUER: instanceScoped(url('http://localhost:4005/realms/ticketing')),
  // audience the access tokens must carry
  OIDC_AUDIENCE: z.string().min(1).default('ticketing-api'),
  // the issuer's JWKS; defaults to Keycloak's certs endpoint under the issuer
  OIDC_JWKS_URL: z.url().optional(),
  // private JWKS of Ed25519 admission keys, newest first; all are published, one signs
  ADMISSION_SIGNING_KEYS: devSecret(
    '{"keys":[{"crv":"Ed25519","d":"Mr5PnnYFQjkDa54_B1p4XkTlrpOXqm0QpIo8StOWLHw","x":"Zi2ddebP2ziWJzExd9ANx43OBXEIZAccZmab1c2Aits","kty":"OKP","kid":"wr-dev-1","alg":"EdDSA","use":"sig"}]}',
  ),
  // kid of the key that signs; the first key when unset (see the rotation steps in the README)
  ADMISSION_SIGNING_KID: z.string().min(1).optional(),
  // seconds an admitted fan has to start booking (the admission token's lifetime)
  ADMISSION_WINDOW_SECONDS: positiveInt(300, 3_600),
  // seconds without a heartbeat (status call or open socket) after which a fan loses their place
  GRACE_SECONDS: positiveInt(60, 3_600),
  // milliseconds between release ticks on each instance
  TICK_MS: positiveInt(200, 10_000),
  // most fans one tick admits, drops or expires per drop
  TICK_BATCH: positiveInt(1_000, 100_000),
  // milliseconds between position pushes to each socket
  WS_PUSH_MS: positiveInt(1_000, 60_000),
  // seconds after a drop closes before it is no longer ticked and its keys are set to expire (as long again)
  DROP_RETENTION_SECONDS: positiveInt(86_400, 31_536_000),
  // admission events kept per drop for the dashboard
  EVENTS_STREAM_LENGTH: positiveInt(10_000),
  // joins (and leaves) a fan may make per minute
  JOIN_PER_USER_PER_MINUTE: positiveInt(20),
  // joins per minute from one address (fans behind one NAT share it)
  JOIN_PER_IP_PER_MINUTE: positiveInt(600),
  // status calls and socket opens a fan may make per minute
  STATUS_PER_USER_PER_MINUTE: positiveInt(120),
  // status calls and socket opens per minute from one address
  STATUS_PER_IP_PER_MINUTE: positiveInt(6_000),
  // behind the load balancer: take the client address from X-Forwarded-For
  TRUST_PROXY: flag(false),
  // run the booking-events consumer in this process; false for socket-only instances
  WAITING_ROOM_CONSUMER: flag(true),
};

export type WaitingRoomConfig = z.infer<z.ZodObject<typeof waitingRoomConfigShape>>;
