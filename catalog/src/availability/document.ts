import type { SeatStatus } from '@ticketing/common';
import type { AvailabilityDocument } from './schema.ts';

export interface SectionFacts {
  sectionId: string;
  kind: 'reserved' | 'general';
  capacity: number;
}

export interface SeatEntry {
  seatId: string;
  sectionId: string;
  status: SeatStatus;
  version: number;
  /** For held seats, when the hold lapses (ms since epoch). */
  heldUntilMs: number | null;
}

const letterOf: Record<SeatStatus, string> = { available: 'a', held: 'h', sold: 's', blocked: 'b' };
const statusOfLetter: Record<string, SeatStatus> = { a: 'available', h: 'held', s: 'sold', b: 'blocked' };

export function statusLetter(status: SeatStatus): string {
  return letterOf[status];
}

/** The cache's encoding of a seat: "status|version|heldUntilMs|sectionId". */
export function encodeSeat(seat: SeatEntry): string {
  return `${letterOf[seat.status]}|${seat.version}|${seat.heldUntilMs ?? ''}|${seat.sectionId}`;
}

export function decodeSeat(seatId: string, value: string): SeatEntry {
  const [letter = '', version = '0', heldUntil = '', sectionId = ''] = value.split('|');
  return {
    seatId,
    sectionId,
    status: statusOfLetter[letter] ?? 'blocked',
    version: Number(version),
    heldUntilMs: heldUntil === '' ? null : Number(heldUntil),
  };
}

/**
 * A held seat whose hold has lapsed is free, whether or not the sweeper
 * has released it yet: the same rule PostgreSQL applies.
 */
export function effectiveStatus(seat: SeatEntry, nowMs: number): SeatStatus {
  if (seat.status === 'held' && seat.heldUntilMs !== null && seat.heldUntilMs <= nowMs) return 'available';
  return seat.status;
}

export interface BuiltDocument {
  document: AvailabilityDocument;
  /** The document stops being true at this instant (the next hold lapse), or never if null. */
  validUntilMs: number | null;
}

export function buildDocument(
  eventId: string,
  sections: readonly SectionFacts[],
  seats: Iterable<SeatEntry>,
  nowMs: number,
  lastEventId: string | null,
): BuiltDocument {
  const counts = new Map<string, AvailabilityDocument['sections'][number]>(
    sections.map((s) => [s.sectionId, { ...s, available: 0, held: 0, sold: 0, blocked: 0 }]),
  );
  const unavailable: Array<[string, 'held' | 'sold' | 'blocked']> = [];
  let validUntilMs: number | null = null;
  for (const seat of seats) {
    const status = effectiveStatus(seat, nowMs);
    const section = counts.get(seat.sectionId);
    if (section) section[status] += 1;
    if (status === 'held' && seat.heldUntilMs !== null) {
      validUntilMs = validUntilMs === null ? seat.heldUntilMs : Math.min(validUntilMs, seat.heldUntilMs);
    }
    if (status !== 'available' && section?.kind !== 'general') unavailable.push([seat.seatId, status]);
  }
  // Sorted, so equal availability serializes to equal bytes and keeps its ETag across rebuilds.
  unavailable.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    document: { eventId, lastEventId, sections: [...counts.values()], seats: Object.fromEntries(unavailable) },
    validUntilMs,
  };
}
