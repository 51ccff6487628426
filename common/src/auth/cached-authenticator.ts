import { decodeJwt } from 'jose';
import type { Authenticator, Principal } from './principal.ts';

/**
 * Remembers verified access tokens until they expire (at most maxAgeMs).
 * A fan in line presents the same token every few seconds (status polls,
 * socket reconnects); verifying its signature once is enough. Only tokens
 * that verified are remembered, keyed by their full text.
 */
export function cachedAuthenticator(
  inner: Authenticator,
  options: { maxEntries?: number; maxAgeMs?: number } = {},
): Authenticator {
  const maxEntries = options.maxEntries ?? 100_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const cache = new Map<string, { principal: Principal; until: number }>();
  return {
    async verify(token) {
      const now = Date.now();
      const hit = cache.get(token);
      if (hit && hit.until > now) return hit.principal;
      if (hit) cache.delete(token);
      const principal = await inner.verify(token);
      const exp = decodeJwt(token).exp;
      const until = Math.min(now + maxAgeMs, typeof exp === 'number' ? exp * 1000 : now);
      if (until > now) {
        // Oldest first out: a Map iterates in insertion order.
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
        cache.set(token, { principal, until });
      }
      return principal;
    },
  };
}
