import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

// Models whose records die with their grant (oidc-provider's own list).
const grantBound = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);
const sweepEvery = 1000;

/**
 * Sessions, interactions, codes, grants and refresh tokens, in this
 * process's memory. oidc-provider's bundled store is one module-wide LRU of
 * 1,000 entries shared by every provider in the process (and announces
 * itself on every start); this one belongs to one provider, never evicts a
 * live record, and drops expired ones as it goes. Restarting the provider
 * signs everyone out, which is what a development issuer may do.
 */
export function createMemoryStore(now: () => number = Date.now): AdapterFactory {
  const entries = new Map<string, Entry>();
  const sessionByUid = new Map<string, string>();
  const keysByGrant = new Map<string, Set<string>>();
  let writes = 0;

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    const { uid, grantId } = entry.payload;
    if (uid !== undefined && sessionByUid.get(uid) === key) sessionByUid.delete(uid);
    if (grantId !== undefined) keysByGrant.get(grantId)?.delete(key);
  };

  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now()) {
      remove(key);
      return undefined;
    }
    return entry.payload;
  };

  const sweep = () => {
    for (const key of [...entries.keys()]) live(key);
    for (const [grantId, keys] of keysByGrant) if (keys.size === 0) keysByGrant.delete(grantId);
  };

  return (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        remove(key);
        entries.set(key, { payload, expiresAt: expiresIn ? now() + expiresIn * 1000 : Infinity });
        if (model === 'Session' && payload.uid !== undefined) sessionByUid.set(payload.uid, key);
        if (grantBound.has(model) && payload.grantId !== undefined) {
          const keys = keysByGrant.get(payload.grantId) ?? new Set<string>();
          keys.add(key);
          keysByGrant.set(payload.grantId, keys);
        }
        writes += 1;
        if (writes % sweepEvery === 0) sweep();
      },
      async find(id) {
        return live(keyOf(id));
      },
      async findByUid(uid) {
        const key = sessionByUid.get(uid);
        return key === undefined ? undefined : live(key);
      },
      // Only the device flow looks records up by user code, and it is not enabled.
      async findByUserCode() {
        return undefined;
      },
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload !== undefined) payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id) {
        remove(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of keysByGrant.get(grantId) ?? []) remove(key);
        keysByGrant.delete(grantId);
      },
    };
  };
}
