import { availabilityDelta, availabilityDocument, type AvailabilityDocument } from '@ticketing/catalog';
import { openSse, type SseClient } from '@ticketing/catalog/testing';

/**
 * A fan's live view of an event's seats, kept from the catalog's
 * availability stream as the seat map page keeps it: the snapshot, then
 * every delta applied on top. A seat the view does not name is free.
 */
export interface AvailabilityView {
  /** The first snapshot the stream sent. */
  snapshot: Promise<AvailabilityDocument>;
  seats: Map<string, string>;
  /** Deltas applied so far. */
  deltas: number;
  /** Why the view stopped following the stream, if it did before `close`. */
  failure: string | undefined;
  close(): void;
}

export async function followAvailability(catalogUrl: string, eventId: string): Promise<AvailabilityView> {
  const stream: SseClient = await openSse(`${catalogUrl}/events/${eventId}/availability/stream`);
  if (stream.status !== 200) throw new Error(`the availability stream answered ${stream.status}`);
  const seats = new Map<string, string>();
  let closed = false;
  let resolveSnapshot: (document: AvailabilityDocument) => void = () => undefined;
  const snapshot = new Promise<AvailabilityDocument>((resolve) => {
    resolveSnapshot = resolve;
  });
  const view: AvailabilityView = {
    snapshot,
    seats,
    deltas: 0,
    failure: undefined,
    close() {
      closed = true;
      stream.close();
    },
  };
  const apply = (event: { event: string; data: string }) => {
    if (event.event === 'snapshot') {
      const document = availabilityDocument.parse(JSON.parse(event.data));
      seats.clear();
      for (const [seatId, status] of Object.entries(document.seats)) seats.set(seatId, status);
      resolveSnapshot(document);
    } else if (event.event === 'delta') {
      for (const seat of availabilityDelta.parse(JSON.parse(event.data)).seats) seats.set(seat.seatId, seat.status);
      view.deltas += 1;
    }
  };
  void (async () => {
    while (!closed) apply(await stream.next());
  })().catch((error: unknown) => {
    if (!closed) view.failure = error instanceof Error ? error.message : String(error);
  });
  return view;
}
