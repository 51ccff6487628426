import {
  applyGateList,
  emptyGateListState,
  offlineVerdict,
  scanAnswer,
  signedGateList,
  type GateListState,
  type ScanAnswer,
} from '@ticketing/common/contracts/gate';
import { deviceStore, type PendingScan } from './device-store.ts';
import { importKeys, verifiedClaims, verifiedList, type KeyRing, type PublicJwk } from './signatures.ts';

/**
 * One scanner at one gate for one event. Online, the platform answers each
 * scan (through the site, with the steward's token). Without the network,
 * the phone answers from the signed gate list it keeps, checks the code's
 * signature itself, remembers its own admissions, and keeps the scans to
 * upload when the network is back. While online it fetches the list's
 * changes every few seconds.
 */
export interface GateSetup {
  eventId: string;
  gateId: string;
  deviceId: string;
}

export interface DeviceStatus {
  online: boolean;
  pending: number;
  /** The gate list is downloaded and verified: the scanner can answer offline. */
  listReady: boolean;
  syncedAt: string | null;
}

export type Verdict = ScanAnswer & { mode: 'online' | 'offline'; at: string };

export type ScanOutcome = { kind: 'verdict'; verdict: Verdict } | { kind: 'refused'; message: string };

const syncEveryMs = 5_000;
const onlineTimeoutMs = 8_000;

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    ...init,
    headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}) },
    signal: AbortSignal.timeout(onlineTimeoutMs),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : {} };
}

function messageOf(body: unknown): string {
  const message = (body as { message?: unknown }).message;
  return typeof message === 'string' ? message : 'The platform refused this scan.';
}

export function createGateDevice(setup: GateSetup, onStatus: (status: DeviceStatus) => void) {
  let ring: KeyRing = new Map();
  let list: GateListState = emptyGateListState(setup.eventId);
  let syncedAt: string | null = null;
  let pending = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let busy = false;
  let stopped = false;

  const status = () =>
    onStatus({ online: navigator.onLine, pending, listReady: list.cursor !== null && ring.size > 0, syncedAt });

  async function refreshPending() {
    pending = (await deviceStore.pending()).length;
    status();
  }

  async function loadKeys() {
    try {
      const answer = await getJson('/api/gate/keys');
      const keys = (answer.body as { keys?: PublicJwk[] }).keys;
      if (answer.status === 200 && Array.isArray(keys)) {
        await deviceStore.saveKeys(keys);
        ring = await importKeys(keys);
        return;
      }
    } catch {
      // offline: the keys kept from the last time
    }
    ring = await importKeys((await deviceStore.keys()) ?? []);
  }

  async function sync() {
    const since = list.cursor === null ? '' : `?since=${list.cursor}`;
    const answer = await getJson(`/api/gate/events/${setup.eventId}/list${since}`);
    const document = signedGateList.safeParse(answer.body);
    if (answer.status !== 200 || !document.success) return;
    const payload = await verifiedList(document.data, ring);
    if (!payload || !applyGateList(list, payload)) return;
    syncedAt = payload.generatedAt;
    await deviceStore.saveList({
      eventId: list.eventId,
      cursor: list.cursor,
      tickets: [...list.tickets.values()],
      syncedAt,
    });
  }

  async function upload() {
    const scans = (await deviceStore.pending()).filter((s) => s.eventId === setup.eventId);
    for (let at = 0; at < scans.length; at += 500) {
      const batch = scans.slice(at, at + 500);
      const answer = await getJson('/api/gate/scans/offline', {
        method: 'POST',
        body: JSON.stringify({ eventId: setup.eventId, scans: batch.map(({ eventId: _event, ...scan }) => scan) }),
      });
      if (answer.status !== 200) return;
      await deviceStore.removePending(batch.map((s) => s.nonce));
    }
  }

  /** Upload what waits, then fetch the list's changes; quietly does nothing without the network. */
  async function tick() {
    if (busy || !navigator.onLine) return refreshPending();
    busy = true;
    try {
      await upload();
      await sync();
    } catch {
      // the network went away mid-way; the next tick tries again
    } finally {
      busy = false;
      await refreshPending();
    }
    // Until the first list is in, try again soon rather than at the next regular sync.
    if (list.cursor === null && !stopped) setTimeout(() => void tick(), 1_000);
  }

  async function decideHere(code: string, nonce: string, at: string): Promise<Verdict> {
    const claims = await verifiedClaims(code, ring);
    const entry = claims ? list.tickets.get(claims.ticketId) : undefined;
    const used = claims ? await deviceStore.use(setup.eventId, claims.ticketId) : undefined;
    const answer = offlineVerdict(setup.eventId, claims, entry, used);
    if (answer.result === 'valid' && claims) {
      await deviceStore.saveUse(setup.eventId, claims.ticketId, { at, gateId: setup.gateId });
    }
    const scan: PendingScan = {
      eventId: setup.eventId,
      deviceId: setup.deviceId,
      nonce,
      code,
      gateId: setup.gateId,
      scannedAt: at,
      result: answer.result,
    };
    await deviceStore.addPending(scan);
    await refreshPending();
    return { ...answer, mode: 'offline', at };
  }

  return {
    async start() {
      const kept = await deviceStore.list(setup.eventId);
      if (kept) {
        list = {
          eventId: kept.eventId,
          cursor: kept.cursor,
          tickets: new Map(kept.tickets.map((t) => [t.ticketId, t])),
        };
        syncedAt = kept.syncedAt;
      }
      await loadKeys();
      await refreshPending();
      await tick();
      timer = setInterval(() => void tick(), syncEveryMs);
      addEventListener('online', onOnline);
      addEventListener('offline', status);
      status();
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      removeEventListener('online', onOnline);
      removeEventListener('offline', status);
    },
    async scan(code: string): Promise<ScanOutcome> {
      const nonce = crypto.randomUUID();
      const at = new Date().toISOString();
      if (navigator.onLine) {
        try {
          const answer = await getJson('/api/gate/scans', {
            method: 'POST',
            body: JSON.stringify({
              eventId: setup.eventId,
              code,
              gateId: setup.gateId,
              deviceId: setup.deviceId,
              nonce,
            }),
          });
          const parsed = scanAnswer.safeParse(answer.body);
          if (answer.status === 200 && parsed.success) {
            if (parsed.data.result === 'valid' && parsed.data.ticket) {
              // Remembered for a later offline answer; the steward need not wait for the phone's storage.
              void deviceStore
                .saveUse(setup.eventId, parsed.data.ticket.ticketId, { at, gateId: setup.gateId })
                .catch(() => undefined);
            }
            return { kind: 'verdict', verdict: { ...parsed.data, mode: 'online', at } };
          }
          if (answer.status < 500) return { kind: 'refused', message: messageOf(answer.body) };
        } catch {
          // no answer: decide here, as when offline
        }
      }
      return { kind: 'verdict', verdict: await decideHere(code, nonce, at) };
    },
  };

  function onOnline() {
    status();
    void tick();
  }
}

export type GateDevice = ReturnType<typeof createGateDevice>;
