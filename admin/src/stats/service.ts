import { getDrop, readDropSales, type Actor, type Database } from '@ticketing/booking/back-office';
import type { DropStats } from './schema.ts';
import type { WaitingRoomClient } from './waiting-room-client.ts';

/**
 * The live dashboard of one drop: the queue as the waiting room sees it,
 * asked at the same time as booking reads seats, holds and revenue. The
 * waiting room is asked only once booking has said the actor may see the
 * drop, and its being away costs the queue part only.
 */
export async function dropStats(
  db: Database,
  waitingRoom: WaitingRoomClient,
  actor: Actor,
  dropId: string,
  authorization: string,
): Promise<DropStats> {
  const drop = await getDrop(db, actor, dropId);
  const [queue, sales] = await Promise.all([
    waitingRoom.queueStats(drop.id, authorization),
    readDropSales(db, actor, drop.id),
  ]);
  return { ...sales, at: new Date().toISOString(), queue };
}
