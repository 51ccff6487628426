/**
 * The lock discipline of the seat inventory. Every transaction that changes
 * a seat row takes these transaction-scoped advisory locks first:
 *
 * 1. at most one fan lock, `pg_advisory_xact_lock(hashtext(drop), hashtext(user))`
 *    (the two-int4 key space), which serialises one fan's requests in a drop;
 * 2. then the inventory locks, one bigint per reserved seat (its id) or per
 *    general-admission section (the section's id), ascending.
 *
 * A hold row lock, where one is needed, comes after the fan lock and before
 * the inventory locks. Use cases on an order lock the order row, then its
 * payment row, before any of these (the sale: order, payment, fan, hold,
 * inventory); no one waits for an order row while holding a lock of this list.
 * Because everyone waits for locks in this one global order, two
 * transactions can never wait on each other in a cycle: no deadlocks. The
 * sweeper only ever *tries* inventory locks (it never waits), so it cannot
 * take part in a cycle either. A conditional update remains the final check.
 */

/** The advisory key of a seat or section: the first 64 bits of its uuid, signed. */
export function inventoryLockKey(id: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${id.replace(/-/g, '').slice(0, 16)}`));
}

/** The same key computed in SQL from a uuid expression. */
export const inventoryLockKeySql = (uuidExpression: string) =>
  `('x' || left(replace(${uuidExpression}::text, '-', ''), 16))::bit(64)::bigint`;

/** Distinct keys in the one global order (ascending). */
export function sortedLockKeys(ids: Iterable<string>): bigint[] {
  const keys = [...new Set([...ids].map(inventoryLockKey))];
  return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The fan lock: the drop and the fan, each hashed to an int4 key. */
const fanLockCall = `pg_advisory_xact_lock(hashtext(?::text), hashtext(?::text))`;

/**
 * The fan lock alone (drop id, user id). Placing a hold takes the fan lock and
 * the inventory locks in this order inside place_hold (migrations/0006-place-hold.sql),
 * with the key of `inventoryLockKeySql`.
 */
export const lockFanSql = `SELECT ${fanLockCall} IS NOT NULL AS fan_locked`;
