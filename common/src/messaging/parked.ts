import type { Channel, Connection, SyncMessage } from 'rabbitmq-client';
import {
  copyMessage,
  headerNumber,
  headersOf,
  headerText,
  originalRoutingKey,
  parkedAtHeader,
  parkedAttemptsHeader,
  parkedFromHeader,
  parkedReasonHeader,
  rawBody,
  replayedHeader,
  attemptsHeader,
  lastErrorHeader,
} from './message-copy.ts';
import { parkedQueueName } from './topology.ts';

export interface ParkedMessage {
  messageId: string | null;
  type: string | null;
  routingKey: string;
  reason: string;
  attempts: number;
  parkedAt: string | null;
  /** How many times it has been replayed before. */
  replayed: number;
  /** The body as text, whatever it was (it may be the reason it was parked). */
  body: string;
}

/** Why a message is parked: our header, or the broker's own dead-letter record. */
function reasonOf(headers: Record<string, unknown>): string {
  const reason = headerText(headers[parkedReasonHeader]);
  if (reason) return reason;
  const deaths = headers['x-death'];
  if (Array.isArray(deaths) && typeof deaths[0] === 'object' && deaths[0] !== null) {
    const death = deaths[0] as Record<string, unknown>;
    return `dead-lettered by the broker (${headerText(death.reason) ?? 'unknown'})`;
  }
  return 'unknown';
}

function describe(msg: SyncMessage): ParkedMessage {
  const headers = headersOf(msg);
  return {
    messageId: msg.messageId ?? null,
    type: msg.type ?? null,
    routingKey: originalRoutingKey(msg),
    reason: reasonOf(headers),
    attempts: headerNumber(headers[parkedAttemptsHeader]),
    parkedAt: headerText(headers[parkedAtHeader]) ?? null,
    replayed: headerNumber(headers[replayedHeader]),
    body: rawBody(msg).body.toString('utf8'),
  };
}

async function withChannel<T>(connection: Connection, work: (channel: Channel) => Promise<T>): Promise<T> {
  const channel = await connection.acquire();
  try {
    return await work(channel);
  } finally {
    // Closing returns every message taken and not acknowledged to its place in the queue.
    await channel.close();
  }
}

/**
 * The first `limit` parked messages of a consumer queue, oldest first. They
 * are read and handed back unacknowledged, so the queue is unchanged.
 */
export async function listParked(
  connection: Connection,
  queue: string,
  options: { limit?: number } = {},
): Promise<ParkedMessage[]> {
  const parkedQueue = parkedQueueName(queue);
  return withChannel(connection, async (channel) => {
    const { messageCount } = await channel.queueDeclare({ queue: parkedQueue, passive: true });
    const limit = Math.min(options.limit ?? 100, messageCount);
    const found: ParkedMessage[] = [];
    let lastTag = 0;
    while (found.length < limit) {
      const msg = await channel.basicGet({ queue: parkedQueue, noAck: false });
      if (!msg) break;
      lastTag = msg.deliveryTag;
      found.push(describe(msg));
    }
    if (lastTag > 0) channel.basicNack({ deliveryTag: lastTag, multiple: true, requeue: true });
    return found;
  });
}

/**
 * Moves parked messages back to the main queue with a fresh set of
 * attempts, oldest first. Each is acknowledged in parking only once the
 * broker has confirmed its copy in the main queue. At most the number parked
 * when it starts, so a message that fails again is not replayed twice in one run.
 */
export async function replayParked(
  connection: Connection,
  queue: string,
  options: { limit?: number } = {},
): Promise<{ replayed: number }> {
  const parkedQueue = parkedQueueName(queue);
  return withChannel(connection, async (channel) => {
    await channel.confirmSelect();
    const { messageCount } = await channel.queueDeclare({ queue: parkedQueue, passive: true });
    const limit = Math.min(options.limit ?? messageCount, messageCount);
    let replayed = 0;
    while (replayed < limit) {
      const msg = await channel.basicGet({ queue: parkedQueue, noAck: false });
      if (!msg) break;
      await moveToQueue(channel, msg, queue);
      replayed += 1;
    }
    return { replayed };
  });
}

/**
 * Puts one parked message back on its main queue with a fresh set of
 * attempts, and acknowledges it in parking once the broker confirmed the
 * copy (the channel is in confirm mode). On failure it goes back to parking.
 */
export async function moveToQueue(channel: Channel, msg: SyncMessage, queue: string): Promise<void> {
  const headers = headersOf(msg);
  const copy = copyMessage(
    msg,
    { exchange: '', routingKey: queue },
    { [replayedHeader]: headerNumber(headers[replayedHeader]) + 1 },
    [parkedReasonHeader, parkedAttemptsHeader, parkedAtHeader, parkedFromHeader, attemptsHeader, lastErrorHeader],
  );
  try {
    await channel.basicPublish(copy.envelope, copy.body);
  } catch (error) {
    if (channel.active) channel.basicNack({ deliveryTag: msg.deliveryTag, requeue: true });
    throw error;
  }
  channel.basicAck({ deliveryTag: msg.deliveryTag });
}

/** What a parked message says about itself: why, and how often it was put back already. */
export function parkedSummary(msg: SyncMessage): { reason: string; replayed: number } {
  const headers = headersOf(msg);
  return { reason: reasonOf(headers), replayed: headerNumber(headers[replayedHeader]) };
}
