import { createHash, createHmac } from 'node:crypto';

/**
 * The pre-queue order. Fans who arrive before the start are not served by
 * arrival (refreshing early would pay); at opensAt they are sorted by a
 * keyed permutation: HMAC-SHA256 with a secret seed over each fan's public
 * entry id. The seed's SHA-256 is published before the start and the seed
 * after it, so anyone can recompute the order and see it was fixed in advance.
 *
 * - entry id   = hex(SHA-256(utf8("<dropId>:<userId>")))   (each fan can compute their own)
 * - rank key   = hex(HMAC-SHA256(key = seed bytes, message = utf8(entry id)))
 * - order      = entry ids sorted by rank key ascending (ties, never seen in practice, by entry id)
 * - commitment = hex(SHA-256(seed bytes))
 */
export const permutationAlgorithm = 'hmac-sha256-sorted/v1';

export function entryIdOf(dropId: string, userId: string): string {
  return createHash('sha256').update(`${dropId}:${userId}`, 'utf8').digest('hex');
}

export function seedCommitment(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');
}

export function rankKey(seedHex: string, entryId: string): string {
  return createHmac('sha256', Buffer.from(seedHex, 'hex')).update(entryId, 'utf8').digest('hex');
}

/** Sorts items by the rank key of their entry id. */
export function orderBySeed<T>(seedHex: string, items: readonly T[], entryIdOfItem: (item: T) => string): T[] {
  const ranked = items.map((item) => {
    const entryId = entryIdOfItem(item);
    return { item, entryId, key: rankKey(seedHex, entryId) };
  });
  ranked.sort((a, b) => compare(a.key, b.key) || compare(a.entryId, b.entryId));
  return ranked.map((r) => r.item);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
