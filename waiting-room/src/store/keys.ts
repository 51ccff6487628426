/**
 * Redis key names. Everything one drop needs lives under one hash tag,
 * `{drop:<id>}`, so in cluster mode a drop sits in one slot and every Lua
 * script may touch all of its keys. The prefix keeps deployments (and test
 * files) that share one Redis apart.
 */
export interface DropKeys {
  /** Hash: the drop's settings as read from PostgreSQL (organizer-owned). */
  config: string;
  /** Hash: runtime state (token bucket, seed, counters, inventory, flags). */
  state: string;
  /** String: the arrival counter; after the start, a fan's place is its number. */
  arrivals: string;
  /** Sorted set: fans in line, scored by place (pre-queue fans get negative scores at the start). */
  waiting: string;
  /** Set: fans who arrived before the start, not yet ordered. */
  prequeue: string;
  /** List: the pre-queue order fixed at the start (user ids), kept for the fairness record. */
  prequeueOrder: string;
  /** Sorted set: last time each waiting or pre-queued fan was heard from (ms). */
  lastSeen: string;
  /** Sorted set: admitted fans who have not finished, scored by when their slot lapses (ms). */
  admitted: string;
  /** Hash: user id → admission record (number, admitted at, token expiry, place). */
  admissions: string;
  /** Hash: user id → why the fan is no longer in line (for a helpful answer). */
  outcomes: string;
  /** Hash: second → admissions in that second, for the measured release rate. */
  releaseRate: string;
  /** Stream: admission events for the organizer dashboard. */
  events: string;
}

/** The order of keys every script receives (KEYS[1..n]). */
export const dropKeyOrder = [
  'config',
  'state',
  'arrivals',
  'waiting',
  'prequeue',
  'prequeueOrder',
  'lastSeen',
  'admitted',
  'admissions',
  'outcomes',
  'releaseRate',
  'events',
] as const satisfies ReadonlyArray<keyof DropKeys>;

export function dropKeys(prefix: string, dropId: string): DropKeys {
  const base = `${prefix}wr:{drop:${dropId}}`;
  return {
    config: `${base}:config`,
    state: `${base}:state`,
    arrivals: `${base}:arrivals`,
    waiting: `${base}:waiting`,
    prequeue: `${base}:prequeue`,
    prequeueOrder: `${base}:prequeue-order`,
    lastSeen: `${base}:last-seen`,
    admitted: `${base}:admitted`,
    admissions: `${base}:admissions`,
    outcomes: `${base}:outcomes`,
    releaseRate: `${base}:release-rate`,
    events: `${base}:events`,
  };
}

/** String: one fan's join limit on one drop (GCRA), in the drop's slot so the join script may use it; expires. */
export function joinLimitKey(prefix: string, dropId: string, userId: string): string {
  return `${prefix}wr:{drop:${dropId}}:join-limit:${userId}`;
}

export function dropKeyList(keys: DropKeys): string[] {
  return dropKeyOrder.map((name) => keys[name]);
}

/** Set of every drop id this deployment has seen, so any instance can tick every drop. */
export function dropRegistryKey(prefix: string): string {
  return `${prefix}wr:drops`;
}

/** Pub/sub channel carrying admissions and state changes to every instance's sockets. */
export function newsChannel(prefix: string): string {
  return `${prefix}wr:news`;
}
