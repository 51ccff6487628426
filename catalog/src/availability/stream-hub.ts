import { PassThrough } from 'node:stream';
import type { RedisClient } from '@ticketing/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '@ticketing/common';
import type { AvailabilityCache } from './cache.ts';
import { changeMessage, type ChangeMessage } from './schema.ts';
import type { PropagationRecorder } from './propagation.ts';

export interface StreamHubOptions {
  cache: AvailabilityCache;
  /** A connection of its own: in subscriber mode it can do nothing else. */
  subscriber: RedisClient;
  logger: Logger;
  heartbeatMs: number;
  /** Bytes a client may leave unread before its stream is ended. */
  bufferLimitBytes: number;
  registry: Registry;
  propagation: PropagationRecorder;
}

interface Client {
  eventId: string;
  stream: PassThrough;
  epoch: string;
  /** Last change sent; -1 while the client waits for a fresh snapshot. */
  lastSeq: number;
  ready: boolean;
  pending: ChangeMessage[];
  /** Serializes everything written to this client. */
  chain: Promise<void>;
}

/**
 * Server-Sent Events of availability changes. Every instance subscribes to
 * an event's Redis channel while it has clients for it, so a change applied
 * by any instance reaches every stream. The per-event change log in Redis
 * lets a client resume with Last-Event-ID; one that fell off the log, or
 * whose counter epoch is gone, gets a full snapshot instead. A client that
 * stops reading has its stream ended once what it left unread passes the
 * limit, so it cannot make the server buffer without bound; it reconnects
 * and resumes like any other.
 */
export function createStreamHub(options: StreamHubOptions) {
  const { cache, subscriber, logger, propagation } = options;
  const clients = new Map<string, Set<Client>>();
  const subscriptions = new Map<string, Promise<unknown>>();
  let closing = false;
  const overflows = new Counter({
    name: 'catalog_stream_overflows_total',
    help: 'Availability streams ended because their client left more than CATALOG_STREAM_BUFFER_BYTES unread',
    registers: [options.registry],
  });
  new Gauge({
    name: 'catalog_stream_buffered_bytes',
    help: 'Bytes written to availability streams that their clients have not taken yet',
    registers: [options.registry],
    collect() {
      this.set(bufferedBytes());
    },
  });

  subscriber.on('message', (channel: string, text: string) => {
    const eventId = cache.eventIdOfChannel(channel);
    const listeners = eventId ? clients.get(eventId) : undefined;
    if (!listeners || listeners.size === 0) return;
    let message: ChangeMessage;
    try {
      message = changeMessage.parse(JSON.parse(text));
    } catch (error) {
      logger.warn({ err: error, channel }, 'availability stream: unreadable change message');
      return;
    }
    // Serialized once for every stream of the event, however many there are.
    const frame = message.kind === 'delta' ? deltaFrame(message) : undefined;
    for (const client of listeners) {
      if (client.ready) enqueue(client, () => deliver(client, message, frame));
      else client.pending.push(message);
    }
    if (message.kind === 'delta') {
      // Written to every local stream (buffers flush right after this tick).
      void Promise.all([...listeners].map((c) => c.chain)).then(() => propagation.pushed(message));
    }
  });

  const heartbeat = setInterval(() => {
    for (const set of clients.values()) for (const client of set) write(client, ': heartbeat\n\n');
  }, options.heartbeatMs);
  heartbeat.unref();

  function bufferedBytes(): number {
    let total = 0;
    for (const set of clients.values()) for (const client of set) total += client.stream.writableLength;
    return total;
  }

  function enqueue(client: Client, step: () => Promise<void>): void {
    client.chain = client.chain
      .then(() => (client.stream.destroyed ? undefined : step()))
      .catch((error: unknown) => {
        logger.warn({ err: error, eventId: client.eventId }, 'availability stream: client dropped after an error');
        client.stream.end();
      });
  }

  function send(client: Client, event: string, data: string, id?: string): void {
    write(client, `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${data}\n\n`);
  }

  /**
   * Checked before writing, so one large frame (a snapshot) never trips it
   * alone: what a client may hold here is the limit plus one frame.
   */
  function write(client: Client, text: string): void {
    const { stream } = client;
    if (stream.destroyed) return;
    if (stream.writableLength > options.bufferLimitBytes) {
      overflows.inc();
      logger.info(
        { eventId: client.eventId, unreadBytes: stream.writableLength },
        'availability stream: client stopped reading; stream ended',
      );
      // end() would queue behind the unread bytes; destroying closes the connection and frees them.
      stream.destroy();
      return;
    }
    stream.write(text);
  }

  async function sendSnapshot(client: Client): Promise<void> {
    const result = await cache.read(client.eventId);
    if (result.status !== 200) return;
    const lastEventId = (JSON.parse(result.body) as { lastEventId: string | null }).lastEventId;
    const parsed = parseEventId(lastEventId);
    if (parsed) {
      client.epoch = parsed.epoch;
      client.lastSeq = parsed.seq;
      send(client, 'snapshot', result.body, lastEventId ?? undefined);
    } else {
      // Answered from PostgreSQL while the cache warms: the rebuild's reset brings the numbered snapshot.
      client.lastSeq = -1;
      send(client, 'snapshot', result.body);
    }
  }

  function deltaFrame(message: ChangeMessage): string {
    return `id: ${message.epoch}-${message.seq}\nevent: delta\ndata: ${JSON.stringify(message)}\n\n`;
  }

  /** `frame`: the message already serialized as a delta frame, shared by every stream of the event. */
  async function deliver(client: Client, message: ChangeMessage, frame?: string): Promise<void> {
    if (client.lastSeq === -1 || message.epoch !== client.epoch) {
      if (message.kind === 'reset' || message.epoch !== client.epoch) await sendSnapshot(client);
      return;
    }
    if (message.seq <= client.lastSeq) return;
    if (message.seq > client.lastSeq + 1) {
      // A message was missed (pub/sub does not redeliver): fill the hole from the log.
      await catchUp(client);
      return;
    }
    if (message.kind === 'reset') {
      await sendSnapshot(client);
      return;
    }
    client.lastSeq = message.seq;
    write(client, frame ?? deltaFrame(message));
  }

  /**
   * Sends what the log holds after the client's position, or a snapshot if
   * the log no longer reaches back, or if the missed changes, written at
   * once, would pass the buffer limit and cut off a client that is reading.
   */
  async function catchUp(client: Client): Promise<void> {
    const changes = await cache.changesSince(client.eventId, client.lastSeq);
    const frames = changes.map((change) => ({ change, data: JSON.stringify(change) }));
    const bytes = frames.reduce((sum, frame) => sum + Buffer.byteLength(frame.data), 0);
    if ((changes.length > 0 && changes[0]?.seq !== client.lastSeq + 1) || bytes > options.bufferLimitBytes) {
      await sendSnapshot(client);
      return;
    }
    for (const { change, data } of frames) {
      if (change.kind === 'reset') {
        await sendSnapshot(client);
        return;
      }
      client.lastSeq = change.seq;
      send(client, 'delta', data, `${change.epoch}-${change.seq}`);
    }
  }

  async function start(client: Client, lastEventId: string | undefined): Promise<void> {
    const resume = parseEventId(lastEventId ?? null);
    const position = await cache.position(client.eventId);
    if (resume && resume.epoch === position.epoch && resume.seq <= position.seq) {
      client.epoch = resume.epoch;
      client.lastSeq = resume.seq;
      await catchUp(client);
    } else {
      await sendSnapshot(client);
    }
    const buffered = client.pending;
    client.pending = [];
    client.ready = true;
    for (const message of buffered) await deliver(client, message);
  }

  async function open(eventId: string, lastEventId: string | undefined): Promise<PassThrough> {
    if (closing) throw new Error('the stream hub is closing');
    const stream = new PassThrough();
    const client: Client = {
      eventId,
      stream,
      epoch: '',
      lastSeq: -1,
      ready: false,
      pending: [],
      chain: Promise.resolve(),
    };
    let set = clients.get(eventId);
    if (!set) {
      set = new Set();
      clients.set(eventId, set);
    }
    set.add(client);
    stream.on('close', () => detach(client));
    // Subscribe before reading the position: a change between the two is buffered, not lost.
    let subscribed = subscriptions.get(eventId);
    if (!subscribed) {
      subscribed = subscriber.subscribe(cache.channelOf(eventId));
      subscriptions.set(eventId, subscribed);
    }
    try {
      await subscribed;
    } catch (error) {
      subscriptions.delete(eventId);
      detach(client);
      throw error;
    }
    stream.write(`retry: 2000\n\n`);
    enqueue(client, () => start(client, lastEventId));
    return stream;
  }

  function detach(client: Client): void {
    const set = clients.get(client.eventId);
    if (!set?.delete(client) || set.size > 0) return;
    clients.delete(client.eventId);
    subscriptions.delete(client.eventId);
    subscriber.unsubscribe(cache.channelOf(client.eventId)).catch((error: unknown) => {
      logger.debug({ err: error }, 'availability stream: unsubscribe failed');
    });
  }

  return {
    open,
    clientCount: () => [...clients.values()].reduce((n, set) => n + set.size, 0),
    /** Bytes written to streams that their clients have not taken yet. */
    bufferedBytes,
    /** Ends every stream so clients reconnect to another instance. */
    async close(): Promise<void> {
      closing = true;
      clearInterval(heartbeat);
      for (const set of clients.values()) for (const client of set) client.stream.end();
      clients.clear();
    },
  };
}

export type StreamHub = ReturnType<typeof createStreamHub>;

export function parseEventId(id: string | null): { epoch: string; seq: number } | undefined {
  const match = id === null ? null : /^([0-9a-f]{1,32})-(\d{1,15})$/.exec(id);
  return match ? { epoch: match[1] as string, seq: Number(match[2]) } : undefined;
}
