import { notFound } from '@ticketing/common';
import type { Actor } from '../actor.ts';
import type { Database } from '../db/database.ts';
import { findManagedDrop } from '../drops/repo.ts';
import { readDropCounts } from '../inventory/repo.ts';
import { readRevenue, readSalesNumbers } from './repo.ts';
import type { DropSales } from './schema.ts';

/**
 * A drop's seats, holds and revenue, if the actor may manage the drop. The
 * seat counts are booking's inventory count, the very numbers
 * `drop.inventory` publishes. Auto-committed reads: a dashboard needs no
 * snapshot across them, and holds no lock.
 */
export async function readDropSales(db: Database, actor: Actor, dropId: string): Promise<DropSales> {
  return db.read(async (sql) => {
    const drop = await findManagedDrop(sql, actor, dropId);
    const counts = drop && (await readDropCounts(sql, drop.id));
    if (!drop || !counts) throw notFound('drop_not_found', 'There is no such drop');
    const sales = await readSalesNumbers(sql, drop);
    return {
      dropId: drop.id,
      eventId: drop.eventId,
      seats: { available: counts.available, held: counts.held, sold: sales.sold },
      holds: { live: sales.liveHolds },
      revenue: await readRevenue(sql, drop),
    };
  });
}
