import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '@ticketing/common';
import { outsideTransaction } from '@ticketing/booking/db/transaction';
import { readDropCounts } from '@ticketing/booking/inventory/repo';
import type { Actor } from '../actor.ts';
import { getDrop } from '../drops/service.ts';
import { readRevenue, readSalesNumbers } from './repo.ts';
import type { DropStats } from './schema.ts';
import type { WaitingRoomClient } from './waiting-room-client.ts';

/**
 * The live dashboard of one drop: the queue as the waiting room sees it,
 * asked at the same time as PostgreSQL is read for seats, holds and
 * revenue. The waiting room being away costs the queue part only.
 */
export async function dropStats(
  em: EntityManager,
  waitingRoom: WaitingRoomClient,
  actor: Actor,
  dropId: string,
  authorization: string,
): Promise<DropStats> {
  const drop = await getDrop(em, actor, dropId);
  const [queue, stored] = await Promise.all([
    waitingRoom.queueStats(drop.id, authorization),
    outsideTransaction(em, async (sql) => ({
      counts: await readDropCounts(sql, drop.id),
      sales: await readSalesNumbers(sql, drop),
      revenue: await readRevenue(sql, drop),
    })),
  ]);
  if (!stored.counts) throw notFound('drop_not_found', 'There is no such drop');
  return {
    dropId: drop.id,
    eventId: drop.eventId,
    at: new Date().toISOString(),
    queue,
    seats: { available: stored.counts.available, held: stored.counts.held, sold: stored.sales.sold },
    holds: { live: stored.sales.liveHolds },
    revenue: stored.revenue,
  };
}
