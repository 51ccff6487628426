import {
  applyGateList,
  emptyGateListState,
  offlineUploadReport,
  offlineVerdict,
  scanAnswer,
  signedGateList,
  type GateListState,
  type OfflineUploadReport,
  type ScanAnswer,
} from '@ticketing/common/contracts/gate';
import { deviceStore, type PendingScan } from './device-store.ts';
import { forgetDuplicates, keptDuplicates, keepDuplicates } from './duplicates.ts';
import { callHub, hubStateOf, scanAtHub, type HubSetup, type HubState } from './gate-hub.ts';
import { getJson, messageOf } from './platform-calls.ts';
import { importKeys, verifiedClaims, verifiedList, type KeyRing, type PublicJwk } from './signatures.ts';

/**
 * One scanner at one gate for one event. Online, the platform answers each
 * scan (through the site, with the steward's token). Without the network,
 * the phone answers from the signed gate list it keeps, checks the code's
 * signature itself, remembers its own admissions, and keeps the scans to
 * upload when the network is back. While online it fetches the list's
 * changes every few seconds.
 *
 * With a gate hub set up (docs/gate-hub.md), a phone that cannot reach the
 * platform asks the hub before it decides anything itself: the hub decides
 * for every phone on it in one place, so a ticket let in at one door is
 * refused at the next even offline. It also fetches its list from the hub
 * then (the platform's signed documents, checked with the platform's keys).
 * Only with neither does the phone decide alone.
 */
export interface GateSetup {
  eventId: string;
  gateId: string;
  deviceId: string;
  hub?: HubSetup | undefined;
}

export interface DeviceStatus {
  online: boolean;
  pending: number;
  /** The gate list is downloaded and verified: the scanner can answer offline. */
  listReady: boolean;
  syncedAt: string | null;
  /** Whether the platform answered the last call to it. */
  platform: 'up' | 'down';
  hub: HubState;
  /** Tickets the platform reported admitted more than once after this phone's uploads, with the admitting scans. */
  duplicates: OfflineUploadReport['duplicates'];
}

/** `online`: the platform answered; `hub`: the venue's gate hub did; `offline`: this phone decided alone. */
export type Verdict = ScanAnswer & { mode: 'online' | 'hub' | 'offline'; at: string };

export type ScanOutcome = { kind: 'verdict'; verdict: Verdict } | { kind: 'refused'; message: string };

const syncEveryMs = 5_000;
/** With a hub, how long a phone that failed to reach the platform goes straight to the hub. */
const platformQuietMs = 10_000;

export function createGateDevice(setup: GateSetup, onStatus: (status: DeviceStatus) => void) {
  let ring: KeyRing = new Map();
  let list: GateListState = emptyGateListState(setup.eventId);
  let syncedAt: string | null = null;
  let pending = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let busy = false;
  let stopped = false;
  let platform: 'up' | 'down' = 'up';
  let platformQuietUntil = 0;
  let hub: HubState = setup.hub ? 'unknown' : 'none';
  let duplicates = keptDuplicates(setup.eventId);

  const status = () =>
    onStatus({
      online: navigator.onLine,
      pending,
      listReady: list.cursor !== null && ring.size > 0,
      syncedAt,
      platform,
      hub,
      duplicates,
    });

  const platformAnswered = () => {
    platform = 'up';
    platformQuietUntil = 0;
  };
  const platformFailed = () => {
    platform = 'down';
    if (setup.hub) platformQuietUntil = Date.now() + platformQuietMs;
  };

  async function refreshPending() {
    pending = (await deviceStore.pending()).length;
    status();
  }

  /** A platform path (`/keys`, `/events/:id/list`, `/scans`) from the platform through the site, or from the hub. */
  async function fetchFrom(source: 'platform' | 'hub', path: string) {
    if (source === 'hub' && setup.hub) {
      const answer = await callHub(setup.hub, path);
      hub = hubStateOf(answer.status);
      return answer;
    }
    return getJson(`/api/gate${path}`);
  }

  async function loadKeys() {
    for (const source of setup.hub ? (['platform', 'hub'] as const) : (['platform'] as const)) {
      try {
        const answer = await fetchFrom(source, '/keys');
        const keys = (answer.body as { keys?: PublicJwk[] }).keys;
        if (answer.status === 200 && Array.isArray(keys) && keys.length > 0) {
          await deviceStore.saveKeys(keys);
          ring = await importKeys(keys);
          return;
        }
      } catch {
        if (source === 'hub') hub = 'unreachable';
      }
    }
    // Neither answers: the keys kept from the last time.
    ring = await importKeys((await deviceStore.keys()) ?? []);
  }

  async function sync(source: 'platform' | 'hub'): Promise<boolean> {
    const since = list.cursor === null ? '' : `?since=${list.cursor}`;
    const answer = await fetchFrom(source, `/events/${setup.eventId}/list${since}`);
    const document = signedGateList.safeParse(answer.body);
    if (answer.status !== 200 || !document.success) return false;
    // The platform's signature, whoever passed the document on.
    const payload = await verifiedList(document.data, ring);
    if (!payload || !applyGateList(list, payload)) return true;
    syncedAt = payload.generatedAt;
    await deviceStore.saveList({
      eventId: list.eventId,
      cursor: list.cursor,
      tickets: [...list.tickets.values()],
      syncedAt,
    });
    return true;
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
      const report = offlineUploadReport.safeParse(answer.body);
      if (report.success && report.data.duplicates.length > 0) {
        duplicates = keepDuplicates(setup.eventId, report.data.duplicates);
      }
    }
  }

  /**
   * Upload what waits, then fetch the list's changes; from the hub when the
   * platform does not answer. Quietly does nothing without any network.
   */
  async function tick() {
    if (busy || (!navigator.onLine && !setup.hub)) return refreshPending();
    busy = true;
    try {
      await upload();
      if (await sync('platform')) platformAnswered();
      else platformFailed();
    } catch {
      platformFailed();
    }
    try {
      if (setup.hub && platform === 'down') {
        if (ring.size === 0) await loadKeys();
        await sync('hub');
      } else if (setup.hub) {
        hub = hubStateOf((await callHub(setup.hub, '/hub/status')).status);
      }
    } catch {
      hub = 'unreachable';
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
    /** The steward has read the report of double admissions. */
    dismissDuplicates() {
      forgetDuplicates(setup.eventId);
      duplicates = [];
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
      if (navigator.onLine && Date.now() >= platformQuietUntil) {
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
            rememberAdmission(parsed.data, at);
            platformAnswered();
            return { kind: 'verdict', verdict: { ...parsed.data, mode: 'online', at } };
          }
          if (answer.status < 500) return { kind: 'refused', message: messageOf(answer.body) };
          platformFailed();
        } catch {
          // no answer: ask the hub, or decide here as when offline
          platformFailed();
        }
      }
      const fromHub = setup.hub ? await askHub(setup.hub, code, nonce, at) : undefined;
      return { kind: 'verdict', verdict: fromHub ?? (await decideHere(code, nonce, at)) };
    },
  };

  /**
   * The hub decides for every phone on it; it keeps the scan and uploads it
   * itself. Undefined when it does not answer, or refuses this phone.
   */
  async function askHub(hubSetup: HubSetup, code: string, nonce: string, at: string): Promise<Verdict | undefined> {
    const asked = await scanAtHub(hubSetup, {
      eventId: setup.eventId,
      code,
      gateId: setup.gateId,
      deviceId: setup.deviceId,
      nonce,
    });
    hub = asked.state;
    status();
    if (!asked.answer) return undefined;
    // Remembered, should this phone lose the hub as well.
    rememberAdmission(asked.answer, at);
    return { ...asked.answer, mode: 'hub', at };
  }

  /** An admission the platform or the hub made, kept for a later answer here; the steward need not wait for it. */
  function rememberAdmission(answer: ScanAnswer, at: string) {
    if (answer.result !== 'valid' || !answer.ticket) return;
    void deviceStore
      .saveUse(setup.eventId, answer.ticket.ticketId, { at, gateId: setup.gateId })
      .catch(() => undefined);
  }

  function onOnline() {
    status();
    void tick();
  }
}

export type GateDevice = ReturnType<typeof createGateDevice>;
