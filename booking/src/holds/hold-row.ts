import { isoText, type Sql } from '../db/sql.ts';

/**
 * The hold row lock, the one function every use case takes it with (a fan's
 * release, an order, a sale, a cancelled payment). In the global lock order
 * (locks.ts) it comes after the fan lock and before the inventory locks.
 * FOR NO KEY UPDATE: it serialises these use cases with each other while the
 * foreign-key checks of orders and hold_seats, which only share the key, go on.
 */
export interface LockedHold {
  id: string;
  user_id: string;
  status: 'active' | 'released' | 'expired' | 'converted';
  event_id: string;
  drop_id: string;
  expires_at: string;
  /** Its time is up by the database clock, whether or not the sweeper has ended it. */
  lapsed: boolean;
}

export async function lockHold(sql: Sql, holdId: string): Promise<LockedHold | undefined> {
  const [row] = await sql.query<LockedHold>(
    `SELECT id::text, user_id, status, event_id::text, drop_id::text, ${isoText('expires_at')} AS expires_at,
            (status = 'expired' OR expires_at <= now()) AS lapsed
       FROM holds WHERE id = ?::uuid FOR NO KEY UPDATE`,
    [holdId],
  );
  return row;
}
