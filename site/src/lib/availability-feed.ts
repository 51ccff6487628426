/**
 * The catalog's live availability stream as the seat map keeps it: a
 * snapshot replaces everything, a delta changes the seats it names. Seats
 * it does not name are free; a held seat is free again once its hold's time
 * is up, whether or not anyone has said so yet.
 */
export type SeatStatus = 'available' | 'held' | 'sold' | 'blocked';

export interface SectionCounts {
  sectionId: string;
  kind: 'reserved' | 'general';
  capacity: number;
  available: number;
  held: number;
  sold: number;
}

export interface AvailabilityState {
  seats: Map<string, { status: SeatStatus; heldUntil?: number }>;
  sections: Map<string, SectionCounts>;
}

export type FeedEvent =
  | { kind: 'snapshot'; state: AvailabilityState }
  | { kind: 'delta'; seats: Array<{ seatId: string; status: SeatStatus; heldUntil?: number }> }
  | { kind: 'connection'; live: boolean };

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function stateOf(document: unknown): AvailabilityState | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const { seats, sections } = document as { seats?: unknown; sections?: unknown };
  if (typeof seats !== 'object' || seats === null || !Array.isArray(sections)) return undefined;
  const state: AvailabilityState = { seats: new Map(), sections: new Map() };
  for (const [seatId, status] of Object.entries(seats as Record<string, unknown>)) {
    if (status === 'held' || status === 'sold' || status === 'blocked') state.seats.set(seatId, { status });
  }
  for (const entry of sections as unknown[]) {
    const s = entry as Partial<SectionCounts>;
    if (typeof s.sectionId === 'string' && typeof s.available === 'number') {
      state.sections.set(s.sectionId, s as SectionCounts);
    }
  }
  return state;
}

export function followAvailability(streamUrl: string, onEvent: (event: FeedEvent) => void): () => void {
  const source = new EventSource(streamUrl);
  source.onopen = () => onEvent({ kind: 'connection', live: true });
  source.onerror = () => onEvent({ kind: 'connection', live: false });
  source.addEventListener('snapshot', (event: MessageEvent<string>) => {
    const state = stateOf(parse(event.data));
    if (state) onEvent({ kind: 'snapshot', state });
  });
  source.addEventListener('delta', (event: MessageEvent<string>) => {
    const delta = parse(event.data) as { seats?: unknown } | undefined;
    if (!delta || !Array.isArray(delta.seats)) return;
    const seats = (delta.seats as Array<Record<string, unknown>>)
      .filter((s) => typeof s.seatId === 'string' && typeof s.status === 'string')
      .map((s) => ({
        seatId: s.seatId as string,
        status: s.status as SeatStatus,
        ...(typeof s.heldUntil === 'number' ? { heldUntil: s.heldUntil } : {}),
      }));
    onEvent({ kind: 'delta', seats });
  });
  return () => source.close();
}

/** A seat's status now: a lapsed hold counts as free. */
export function statusAt(state: AvailabilityState, seatId: string, now: number): SeatStatus {
  const seat = state.seats.get(seatId);
  if (!seat) return 'available';
  if (seat.status === 'held' && seat.heldUntil !== undefined && seat.heldUntil <= now) return 'available';
  return seat.status;
}
