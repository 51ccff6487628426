import type { GateListEntry, LocalUse, OfflineScan } from '@ticketing/common/contracts/gate';
import type { PublicJwk } from './signatures.ts';

/**
 * What the scanner keeps on the phone, in IndexedDB: the public keys, each
 * event's verified gate list (entries and cursor), admissions made here
 * that the list does not show yet, and scans waiting to be uploaded.
 */
export interface StoredList {
  eventId: string;
  cursor: string | null;
  tickets: GateListEntry[];
  syncedAt: string;
}

export interface StoredUse extends LocalUse {
  key: string;
}

export type PendingScan = OfflineScan & { eventId: string };

const name = 'gate-scanner';
type StoreName = 'keys' | 'lists' | 'uses' | 'pending';

let opened: Promise<IDBDatabase> | undefined;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('keys');
      db.createObjectStore('lists', { keyPath: 'eventId' });
      db.createObjectStore('uses', { keyPath: 'key' });
      db.createObjectStore('pending', { keyPath: 'nonce' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB'));
  });
  return opened;
}

async function run<T>(store: StoreName, mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, mode);
    const request = act(transaction.objectStore(store));
    transaction.oncomplete = () => resolve(request.result as T);
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB'));
  });
}

export const deviceStore = {
  saveKeys: (jwks: PublicJwk[]) => run<void>('keys', 'readwrite', (s) => s.put(jwks, 'current')),
  keys: () => run<PublicJwk[] | undefined>('keys', 'readonly', (s) => s.get('current')),
  saveList: (list: StoredList) => run<void>('lists', 'readwrite', (s) => s.put(list)),
  list: (eventId: string) => run<StoredList | undefined>('lists', 'readonly', (s) => s.get(eventId)),
  saveUse: (eventId: string, ticketId: string, use: LocalUse) =>
    run<void>('uses', 'readwrite', (s) => s.put({ key: `${eventId}:${ticketId}`, ...use })),
  use: (eventId: string, ticketId: string) =>
    run<StoredUse | undefined>('uses', 'readonly', (s) => s.get(`${eventId}:${ticketId}`)),
  addPending: (scan: PendingScan) => run<void>('pending', 'readwrite', (s) => s.put(scan)),
  pending: () => run<PendingScan[]>('pending', 'readonly', (s) => s.getAll()),
  removePending: (nonces: string[]) =>
    run<void>('pending', 'readwrite', (s) => {
      let last: IDBRequest = s.count();
      for (const nonce of nonces) last = s.delete(nonce);
      return last;
    }),
};
