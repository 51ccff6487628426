import type { WebSocket } from 'ws';
import type { QueueStatus } from '../queue/standing.ts';

/** One fan's open sockets on this instance (a fan may have several tabs) and what they were last told. */
export interface FanSockets {
  sockets: Set<WebSocket>;
  last: QueueStatus | undefined;
}

/** The open sockets of this instance, by drop and fan. */
export interface Rooms {
  /** Adds a socket; the returned function removes it again. */
  add(dropId: string, userId: string, socket: WebSocket): () => void;
  fans(dropId: string): Map<string, FanSockets> | undefined;
  drops(): string[];
  sockets(): WebSocket[];
  readonly size: number;
}

export function createRooms(): Rooms {
  const rooms = new Map<string, Map<string, FanSockets>>();
  let count = 0;
  return {
    add(dropId, userId, socket) {
      let room = rooms.get(dropId);
      if (!room) rooms.set(dropId, (room = new Map<string, FanSockets>()));
      let fan = room.get(userId);
      if (!fan) room.set(userId, (fan = { sockets: new Set(), last: undefined }));
      fan.sockets.add(socket);
      count++;
      const [ownRoom, ownFan] = [room, fan];
      return () => {
        if (!ownFan.sockets.delete(socket)) return;
        count--;
        if (ownFan.sockets.size === 0) ownRoom.delete(userId);
        if (ownRoom.size === 0) rooms.delete(dropId);
      };
    },
    fans: (dropId) => rooms.get(dropId),
    drops: () => [...rooms.keys()],
    sockets: () => [...rooms.values()].flatMap((room) => [...room.values()].flatMap((fan) => [...fan.sockets])),
    get size() {
      return count;
    },
  };
}
