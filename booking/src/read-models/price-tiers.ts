import { z } from 'zod';
import type { PriceTier } from '@ticketing/common/contracts/seat-map';
import { charText, readRows, type Queryable } from './queryable.ts';

const priceTierRow = z
  .object({ id: z.string(), name: z.string(), price_cents: z.number().int(), currency: charText })
  .transform((row): PriceTier => ({ id: row.id, name: row.name, priceCents: row.price_cents, currency: row.currency }));

/** An event's price tiers, cheapest first: part of both the event's page and its seat map. */
export async function readPriceTiers(db: Queryable, eventId: string): Promise<PriceTier[]> {
  return readRows(
    db,
    'price-tiers',
    priceTierRow,
    'SELECT id, name, price_cents, currency FROM price_tiers WHERE event_id = $1 ORDER BY price_cents, name',
    [eventId],
  );
}
