import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Counter, Gauge, type Registry } from 'prom-client';
import { WebSocket, WebSocketServer } from 'ws';
import { isDomainError, notFound, type Logger } from '@ticketing/common';
import type { FanView, QueueService } from '../queue/service.ts';
import { parsePhase, type Phase, type QueueStatus } from '../queue/standing.ts';
import type { News } from './news.ts';
import { createRooms, type FanSockets } from './rooms.ts';
import { admitUpgrade, queueSubprotocol, refuseUpgrade, type UpgradeGuardOptions } from './upgrade.ts';

export interface SocketHubOptions extends UpgradeGuardOptions {
  queue: QueueService;
  logger: Logger;
  registry: Registry;
  /** Every socket gets its fan's status at least this often. */
  pushMs: number;
  /** Fans asked about in one script call. */
  chunkSize?: number;
}

export interface SocketHub {
  attach(server: Server): void;
  /** Something happened to a drop (from any instance): tell the fans it concerns. */
  onNews(news: News): void;
  /** The drop's phase as the latest tick saw it; a change is pushed to every fan of the drop. */
  onPhase(dropId: string, phase: Phase): void;
  /** The drop was retired: its last phase need not be kept. */
  forget(dropId: string): void;
  readonly size: number;
  close(): Promise<void>;
}

/** Close codes: 4000 + the HTTP status that would say the same. */
const goneCode = 4404;
const maxBuffered = 64 * 1024;
const pingMs = 30_000;
const stalled = new Set<Phase>(['sold_out', 'paused', 'closed']);

/**
 * The fans' sockets on this instance, by drop and user. Positions are pushed
 * on a steady beat (one script call per chunk of fans, which also counts as
 * their heartbeat); admissions and phase changes (sold out, paused,
 * reopened) are pushed the moment the news arrives over pub/sub, whichever
 * instance caused them.
 */
export function createSocketHub(options: SocketHubOptions): SocketHub {
  const { queue, logger } = options;
  const chunkSize = options.chunkSize ?? 500;
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 1024,
    clientTracking: false,
    handleProtocols: (offered) => (offered.has(queueSubprotocol) ? queueSubprotocol : false),
  });
  const rooms = createRooms();
  const phases = new Map<string, Phase>();
  const busy = new Set<string>();
  const dirty = new Set<string>();
  const alive = new WeakSet<WebSocket>();

  const openSockets = new Gauge({
    name: 'waiting_room_sockets',
    help: 'Open fan sockets',
    registers: [options.registry],
  });
  const pushes = new Counter({
    name: 'waiting_room_socket_pushes_total',
    help: 'Status messages sent',
    registers: [options.registry],
  });

  const send = (fan: FanSockets, status: QueueStatus) => {
    fan.last = status;
    const message = JSON.stringify(status);
    for (const socket of fan.sockets) {
      // A client that stopped reading gets no more until it catches up.
      if (socket.readyState !== WebSocket.OPEN || socket.bufferedAmount >= maxBuffered) continue;
      socket.send(message);
      pushes.inc();
    }
  };

  const deliver = (dropId: string, views: Map<string, FanView>) => {
    const room = rooms.fans(dropId);
    if (!room) return;
    for (const [userId, view] of views) {
      const fan = room.get(userId);
      if (!fan) continue;
      if ('status' in view) {
        send(fan, view.status);
        continue;
      }
      for (const socket of fan.sockets) socket.close(goneCode, `not_in_queue:${view.gone}`.slice(0, 120));
    }
  };

  const push = async (dropId: string, userIds: readonly string[]) => {
    const chunks: string[][] = [];
    for (let i = 0; i < userIds.length; i += chunkSize) chunks.push(userIds.slice(i, i + chunkSize));
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          deliver(dropId, await queue.views(dropId, chunk));
        } catch (error) {
          logger.debug({ err: error, dropId }, 'socket push failed');
        }
      }),
    );
  };

  /** Pushes to every fan of a drop; a request while one runs reruns it after. */
  const pushRoom = async (dropId: string): Promise<void> => {
    if (busy.has(dropId)) {
      dirty.add(dropId);
      return;
    }
    busy.add(dropId);
    try {
      do {
        dirty.delete(dropId);
        const room = rooms.fans(dropId);
        if (room) await push(dropId, [...room.keys()]);
      } while (dirty.has(dropId));
    } finally {
      busy.delete(dropId);
    }
  };

  /**
   * Sold out, paused or closed: every fan still in line is told from what
   * they were last told, without a round trip, so the word goes out at
   * once; the full refresh follows.
   */
  const announce = (dropId: string, phase: Phase) => {
    const room = rooms.fans(dropId);
    if (!room || !stalled.has(phase)) return;
    for (const fan of room.values()) {
      if (!fan.last || fan.last.state === 'admitted' || fan.last.state === phase) continue;
      send(fan, { ...fan.last, state: phase as QueueStatus['state'], etaSeconds: null });
    }
  };

  const beat = setInterval(() => {
    for (const dropId of rooms.drops()) void pushRoom(dropId);
  }, options.pushMs);
  const pinger = setInterval(() => {
    for (const socket of rooms.sockets()) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, pingMs);

  const register = (dropId: string, userId: string, socket: WebSocket, first: QueueStatus) => {
    const remove = rooms.add(dropId, userId, socket);
    openSockets.inc();
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
    // Fans have nothing to say; a message is ignored rather than parsed.
    socket.on('error', () => socket.terminate());
    socket.once('close', () => {
      remove();
      openSockets.dec();
    });
    const fan = rooms.fans(dropId)?.get(userId);
    if (fan) send(fan, first);
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    void (async () => {
      try {
        const { dropId, user } = await admitUpgrade(request, options);
        const view = (await queue.views(dropId, [user.id])).get(user.id);
        if (!view || 'gone' in view) {
          const reason = view ? view.gone : 'not_joined';
          refuseUpgrade(
            socket,
            notFound('not_in_queue', 'You are not in the line for this drop', { details: { reason } }),
          );
          return;
        }
        wss.handleUpgrade(request, socket, head, (ws) => register(dropId, user.id, ws, view.status));
      } catch (error) {
        if (!isDomainError(error)) logger.warn({ err: error }, 'socket upgrade failed');
        refuseUpgrade(socket, error);
      }
    })();
  };

  return {
    attach(server) {
      server.on('upgrade', onUpgrade);
    },
    onNews(news) {
      if (!rooms.fans(news.drop)) return;
      if (news.k === 'phase') {
        const phase = parsePhase(news.phase);
        if (phase) announce(news.drop, phase);
        void pushRoom(news.drop);
      } else if (news.k === 'tick') {
        const room = rooms.fans(news.drop);
        const here = news.admitted.filter((userId) => room?.has(userId));
        if (here.length > 0) void push(news.drop, here);
      }
    },
    onPhase(dropId, phase) {
      const before = phases.get(dropId);
      phases.set(dropId, phase);
      if (before !== undefined && before !== phase) void pushRoom(dropId);
    },
    forget(dropId) {
      phases.delete(dropId);
    },
    get size() {
      return rooms.size;
    },
    async close() {
      clearInterval(beat);
      clearInterval(pinger);
      const sockets = rooms.sockets();
      const closing = sockets.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
      // 1001: going away; the client reconnects to another instance.
      for (const socket of sockets) socket.close(1001, 'server shutting down');
      await Promise.race([Promise.all(closing), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      for (const socket of rooms.sockets()) socket.terminate();
      wss.close();
    },
  };
}
