import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../db/sql.ts';

/**
 * The hold call for pgbench (a C client, no Node): the benchmark's ceiling
 * for what the hold itself costs the database. Each transaction is one
 * auto-committed `place_hold` call as the service sends it (an admission
 * already verified, one seat), for the next seat of `sale` in a numbered
 * list, so every call wins a distinct seat as the throughput phase's do.
 * `fans` fans share the seats round-robin, as there.
 *
 * Returns the pgbench script; run it with `-t`, so that clients × transactions
 * stays within the seats.
 */
export async function preparePgbenchHolds(
  em: EntityManager,
  sale: { eventId: string; dropId: string; seatIds: readonly string[] },
  options: { fans: number; maxSeats: number },
): Promise<string> {
  const table = `pgbench_holds_${sale.dropId.replace(/-/g, '').slice(0, 12)}`;
  await em.execute(`CREATE TABLE ${table} (n bigint PRIMARY KEY, seat_id uuid NOT NULL)`);
  await em.execute(`CREATE SEQUENCE ${table}_seq`);
  await em.execute(
    `INSERT INTO ${table} (n, seat_id) SELECT n, seat_id FROM unnest(?::uuid[]) WITH ORDINALITY AS t(seat_id, n)`,
    [pgArray(sale.seatIds)],
  );
  await em.execute(`ANALYZE ${table}`);
  // The CTE runs nextval once; the function call is the same as placeHoldSql (holds/repo.ts).
  return `WITH next AS (SELECT nextval('${table}_seq') AS n)
SELECT place_hold('${sale.eventId}'::uuid, NULL::uuid, 'pgbench-fan-' || (s.n % ${options.fans}), ARRAY[s.seat_id],
                  NULL::uuid, 1, '${sale.dropId}'::uuid, ${options.maxSeats}, 'pgbench-' || s.n)
  FROM next JOIN ${table} s ON s.n = next.n;
`;
}
