import { z } from 'zod';

/**
 * What a gate device, the gate hub and the platform say to each other: a
 * scan and its answer, the signed gate list, the upload of offline scans.
 * Browser-safe (zod only): the scanner page, the gate hub and the admin API
 * share these shapes and `offlineVerdict`, so a device, a hub and the
 * platform decide a scan by the same rules.
 */

const uuid = z.uuid().transform((value) => value.toLowerCase());
const isoTime = z.iso.datetime({ offset: true });
// Stewards name gates, devices name themselves: short printable labels, no spaces.
const label = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'letters, digits and . _ : @ - only');

export const scanResult = z.enum(['valid', 'already_used', 'revoked', 'reissued', 'wrong_event', 'invalid']);
export type ScanResult = z.infer<typeof scanResult>;

/**
 * One scan at the door. `eventId` says which event the device admits to: a
 * device is set up for one event (it downloads that event's gate list), and
 * gate ids are the stewards' own labels with no registration, so the code's
 * event is compared with this one (`wrong_event`). Without it (the contract's
 * minimal body), the code's own signed event is the one admitted to.
 */
export const scanInput = z.object({
  eventId: uuid.optional(),
  code: z.string().min(1).max(500),
  gateId: label,
  deviceId: label,
  /** Unique per scan on its device: a retry with the same nonce is told the first answer again. */
  nonce: label,
});
export type ScanInput = z.output<typeof scanInput>;

export const scanAnswer = z.object({
  result: scanResult,
  ticket: z
    .object({
      ticketId: z.string(),
      version: z.number().int().positive(),
      /** Where the ticket sits, when the answering side knows it ("Stalls, row A, seat 12"). */
      seat: z.string().nullable().optional(),
    })
    .optional(),
  /** For `already_used`: when and at which gate the ticket was first admitted. */
  firstUsedAt: isoTime.optional(),
  firstGateId: z.string().optional(),
});
export type ScanAnswer = z.infer<typeof scanAnswer>;

/** A ticket as a gate list states it. `used` means admitted (online, or uploaded from a device). */
export const gateListEntry = z.object({
  ticketId: z.string(),
  version: z.number().int().positive(),
  status: z.enum(['valid', 'used', 'revoked']),
  usedAt: isoTime.nullable(),
  usedGateId: z.string().nullable(),
});
export type GateListEntry = z.infer<typeof gateListEntry>;

/** The cursor of a gate list: a decimal number; a delta answers every change at or after it. */
export const gateListCursor = z.string().regex(/^\d{1,20}$/, 'a cursor this API issued');

export const gateListPayload = z.object({
  format: z.literal('gate-list.v1'),
  eventId: z.string(),
  generatedAt: isoTime,
  /** null for the full list; else the cursor this delta starts from. */
  since: gateListCursor.nullable(),
  /** Send it back as `since` for the changes after this document. */
  cursor: gateListCursor,
  tickets: z.array(gateListEntry),
});
export type GateListPayload = z.infer<typeof gateListPayload>;

/**
 * The signed document: `payload` is the JSON text of a `GateListPayload`,
 * signed as it is (Ed25519 over a format label, the key id and its UTF-8
 * bytes), so a verifier never re-serializes anything before checking.
 */
export const signedGateList = z.object({
  keyId: z.string(),
  algorithm: z.literal('Ed25519'),
  signature: z.string(),
  payload: z.string(),
});
export type SignedGateList = z.infer<typeof signedGateList>;

/** A scan a device made without the platform, uploaded later. `result` is what the device answered. */
export const offlineScan = z.object({
  deviceId: label,
  nonce: label,
  code: z.string().min(1).max(500),
  gateId: label,
  scannedAt: isoTime,
  result: scanResult,
});
export type OfflineScan = z.output<typeof offlineScan>;

export const offlineUpload = z.object({
  eventId: uuid,
  scans: z.array(offlineScan).min(1).max(1000),
});
export type OfflineUpload = z.output<typeof offlineUpload>;

const admittingScan = z.object({
  deviceId: z.string(),
  gateId: z.string(),
  nonce: z.string(),
  scannedAt: isoTime,
  mode: z.enum(['online', 'offline']),
});

export const offlineUploadReport = z.object({
  /** Scans stored by this upload. */
  accepted: z.number().int().nonnegative(),
  /** Scans the platform already had (an upload repeated, or a scan answered online). */
  alreadyKnown: z.number().int().nonnegative(),
  /** Every ticket of this upload that was let in more than once, with each admitting scan, first first. */
  duplicates: z.array(z.object({ ticketId: z.string(), scans: z.array(admittingScan).min(2) })),
});
export type OfflineUploadReport = z.infer<typeof offlineUploadReport>;

/** What a verified code claims; verification of its signature is the caller's (node or WebCrypto). */
export interface CodeClaims {
  ticketId: string;
  eventId: string;
  version: number;
}

/** An admission the deciding side made itself and the list does not show yet. */
export interface LocalUse {
  at: string;
  gateId: string;
}

/**
 * The answer a device or hub gives without the platform: the code's
 * signature was checked (`claims`, or null when it did not verify), the
 * entry is the gate list's, `localUse` an admission made here since. The
 * platform applies the same order of reasons online.
 *
 * A code whose ticket the list does not know yet (sold after the last sync)
 * is admitted only at version 1: its signature proves the platform issued
 * it, and a ticket reissued since would be in the list.
 */
export function offlineVerdict(
  eventId: string,
  claims: CodeClaims | null,
  entry: GateListEntry | undefined,
  localUse?: LocalUse,
): ScanAnswer {
  if (!claims) return { result: 'invalid' };
  if (claims.eventId !== eventId.toLowerCase()) return { result: 'wrong_event' };
  const ticket = { ticketId: claims.ticketId, version: entry?.version ?? claims.version };
  if (!entry) {
    if (claims.version !== 1) return { result: 'invalid' };
    return localUse ? usedAnswer(ticket, localUse) : { result: 'valid', ticket };
  }
  if (entry.status === 'revoked') return { result: 'revoked', ticket };
  if (entry.version > claims.version) return { result: 'reissued', ticket };
  if (entry.version < claims.version) return { result: 'invalid' };
  if (entry.status === 'used' && entry.usedAt) {
    return usedAnswer(ticket, { at: entry.usedAt, gateId: entry.usedGateId ?? '' });
  }
  if (localUse) return usedAnswer(ticket, localUse);
  return { result: 'valid', ticket };
}

function usedAnswer(ticket: { ticketId: string; version: number }, use: LocalUse): ScanAnswer {
  return { result: 'already_used', ticket, firstUsedAt: use.at, firstGateId: use.gateId };
}

/** Cursors compare as numbers; a delta applies to a device whose cursor is at or after its `since`. */
export function cursorAtOrAfter(cursor: string, since: string): boolean {
  return BigInt(cursor) >= BigInt(since);
}

/** What a device (or hub) keeps of a gate list: each ticket's latest state and where to sync from. */
export interface GateListState {
  eventId: string;
  cursor: string | null;
  tickets: Map<string, GateListEntry>;
}

export function emptyGateListState(eventId: string): GateListState {
  return { eventId: eventId.toLowerCase(), cursor: null, tickets: new Map() };
}

/**
 * Applies a verified document: a full list replaces everything, a delta
 * overwrites the tickets it names. Entries are states, not events, so
 * applying one twice is harmless; a delta that starts after this state's
 * cursor (changes would be missing) or belongs to another event is refused.
 */
export function applyGateList(state: GateListState, payload: GateListPayload): boolean {
  if (payload.eventId !== state.eventId) return false;
  if (payload.since === null) {
    state.tickets = new Map(payload.tickets.map((t) => [t.ticketId, t]));
  } else {
    if (state.cursor === null || !cursorAtOrAfter(state.cursor, payload.since)) return false;
    for (const ticket of payload.tickets) state.tickets.set(ticket.ticketId, ticket);
  }
  if (state.cursor === null || payload.since === null || cursorAtOrAfter(payload.cursor, state.cursor)) {
    state.cursor = payload.cursor;
  }
  return true;
}
