import {
  conflict,
  unavailable,
  verifyGateList,
  verifyTicketCode,
  importTicketPublicKeys,
  type Logger,
  type TicketVerificationKey,
} from '@ticketing/common';
import {
  offlineVerdict,
  type OfflineUploadReport,
  type ScanAnswer,
  type ScanInput,
  type SignedGateList,
} from '@ticketing/common/contracts/gate';
import { PlatformUnavailable, type PlatformClient } from './platform.ts';
import type { GateHubStore } from './store.ts';

/**
 * What the gate hub does (docs/gate-hub.md says why it exists):
 *
 * - While the platform answers, a scan is passed on to it (`POST /scans`):
 *   the platform stays the one judge, also for devices that are not on this
 *   hub. Only a ticket this hub itself let in is refused here first, since
 *   the platform may not have that admission yet.
 * - While it does not, the hub decides from its copy of the gate list and
 *   its own admissions, in one synchronous SQLite transaction, so of all the
 *   devices on this hub exactly one admits a ticket.
 * - Every `syncMs`, it uploads the scans it decided alone (idempotent per
 *   device and nonce), then fetches the list's delta; the full list again
 *   every `fullSyncMs`. A round that reaches the platform makes the hub
 *   online; a failed call makes it offline until a round succeeds.
 */
export interface GateHubOptions {
  eventId: string;
  store: GateHubStore;
  platform: PlatformClient;
  logger: Logger;
  syncMs: number;
  fullSyncMs: number;
  now?: () => Date;
}

export interface GateHubStatus {
  eventId: string;
  online: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  listCursor: string | null;
  tickets: number;
  pendingUploads: number;
  /** Tickets the platform reported admitted more than once after an upload, newest report per ticket. */
  duplicates: OfflineUploadReport['duplicates'];
}

export interface GateHub {
  readonly eventId: string;
  scan(input: ScanInput): Promise<ScanAnswer>;
  /** The platform's signed list for a device: the full one, or the delta since it when the device has it. */
  list(since: string | null): SignedGateList;
  publicKeys(): unknown[];
  status(): GateHubStatus;
  /** One round of upload and list sync; true when the platform answered. */
  sync(): Promise<boolean>;
  start(): void;
  stop(): Promise<void>;
}

const uploadBatch = 500;

export function createGateHub(options: GateHubOptions): GateHub {
  const { store, platform, logger, eventId } = options;
  const now = options.now ?? (() => new Date());
  let online = false;
  let lastSyncAt: string | null = null;
  let lastError: string | null = null;
  let keys: TicketVerificationKey[] = importTicketPublicKeys(JSON.parse(store.setting('keys') ?? '[]') as []);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const wentOffline = (error: unknown) => {
    const message = (error as Error).message;
    // Once per outage and per new reason, not every round.
    if (online || message !== lastError) {
      logger.warn({ err: error }, 'gate hub: the platform is unreachable; deciding scans here');
    }
    online = false;
    lastError = message;
  };

  async function upload(): Promise<void> {
    for (;;) {
      const batch = store.pendingUploads(uploadBatch);
      if (batch.length === 0) return;
      const report = await platform.upload(
        batch.map(({ deviceId, nonce, code, gateId, scannedAt, result }) => ({
          deviceId,
          nonce,
          code,
          gateId,
          scannedAt,
          result,
        })),
      );
      store.markUploaded(batch);
      if (report.duplicates.length > 0) {
        logger.warn({ duplicates: report.duplicates }, 'gate hub: tickets were admitted more than once');
        const known = new Map(
          (JSON.parse(store.setting('duplicates') ?? '[]') as GateHubStatus['duplicates']).map((d) => [d.ticketId, d]),
        );
        for (const duplicate of report.duplicates) known.set(duplicate.ticketId, duplicate);
        store.setSetting('duplicates', JSON.stringify([...known.values()]));
      }
    }
  }

  async function syncList(): Promise<void> {
    const fetchedAt = Number(store.setting('fullFetchedAt') ?? 0);
    const cursor = store.fullCursor();
    const full = cursor === null || now().getTime() - fetchedAt >= options.fullSyncMs;
    if (full || keys.length === 0) {
      const fetched = await platform.keys();
      keys = fetched.keys;
      store.setSetting('keys', JSON.stringify(fetched.jwks));
    }
    const document = await platform.list(full ? null : cursor);
    const verified = verifyGateList(document, keys);
    if (!verified.ok || verified.payload.eventId !== eventId) {
      throw new PlatformUnavailable(
        `a gate list that does not verify (${verified.ok ? 'another event' : verified.reason})`,
      );
    }
    store.saveDocument(document, verified.payload);
    if (full) store.setSetting('fullFetchedAt', String(now().getTime()));
  }

  async function sync(): Promise<boolean> {
    try {
      // Uploads first: the platform must know this hub's admissions before it judges scans again.
      await upload();
      await syncList();
      if (!online) logger.info('gate hub: the platform answers again; passing scans on');
      online = true;
      lastError = null;
      lastSyncAt = now().toISOString();
      return true;
    } catch (error) {
      wentOffline(error);
      return false;
    }
  }

  function decideHere(input: ScanInput, claims: ReturnType<typeof claimsOf>, scannedAt: string): ScanAnswer {
    return store.recordScan(
      { ...input, scannedAt, mode: 'offline' },
      () =>
        offlineVerdict(
          eventId,
          claims,
          claims ? store.entry(claims.ticketId) : undefined,
          claims ? store.admission(claims.ticketId) : undefined,
        ),
      claims?.ticketId ?? null,
    );
  }

  function claimsOf(code: string) {
    const verified = verifyTicketCode(code, keys);
    return verified.ok ? verified.claims : null;
  }

  return {
    eventId,
    async scan(input) {
      if (input.eventId !== eventId) {
        throw conflict('hub_event_mismatch', 'This gate hub admits to another event', { details: { eventId } });
      }
      const known = store.answerOf(input.deviceId, input.nonce);
      if (known) return known;
      if (keys.length === 0) throw unavailable('hub_not_ready', 'The gate hub has not reached the platform yet');
      const claims = claimsOf(input.code);
      const scannedAt = now().toISOString();
      if (online && !(claims && store.admission(claims.ticketId))) {
        try {
          const answer = await platform.scan(input);
          return store.recordScan(
            { ...input, scannedAt, mode: 'online' },
            () => answer,
            answer.result === 'valid' && claims ? claims.ticketId : null,
          );
        } catch (error) {
          if (!(error instanceof PlatformUnavailable)) throw error;
          wentOffline(error);
        }
      }
      return decideHere(input, claims, scannedAt);
    },
    list(since) {
      const { full, delta } = store.documents();
      const cursor = store.fullCursor();
      if (!full || cursor === null) throw unavailable('hub_not_ready', 'The gate hub has no gate list yet');
      if (since === null || BigInt(since) < BigInt(cursor)) return full;
      return delta ?? full;
    },
    publicKeys: () => JSON.parse(store.setting('keys') ?? '[]') as unknown[],
    status: () => ({
      eventId,
      online,
      lastSyncAt,
      lastError,
      listCursor: store.fullCursor(),
      tickets: store.ticketCount(),
      pendingUploads: store.pendingCount(),
      duplicates: JSON.parse(store.setting('duplicates') ?? '[]') as GateHubStatus['duplicates'],
    }),
    sync,
    start() {
      const schedule = () => {
        if (stopped) return;
        timer = setTimeout(() => {
          running = sync().finally(schedule);
        }, options.syncMs);
      };
      running = sync().finally(schedule);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
