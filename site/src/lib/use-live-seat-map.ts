import { useEffect, useState } from 'preact/hooks';
import { followAvailability, stateOf, type AvailabilityState } from './availability-feed.ts';
import type { SeatMap } from './catalog.ts';

/**
 * An event's seat map, read once from the catalog, and its availability,
 * followed on the live stream. Deltas name seats, not counts, so a change
 * re-reads the section counts (for standing places) at most once a second.
 */
export function useLiveSeatMap(eventPath: string) {
  const [map, setMap] = useState<SeatMap | undefined>();
  const [loadFailed, setLoadFailed] = useState(false);
  const [availability, setAvailability] = useState<AvailabilityState>(() => ({
    seats: new Map(),
    sections: new Map(),
  }));
  const [live, setLive] = useState(false);

  useEffect(() => {
    fetch(`${eventPath}/seatmap`, { headers: { Accept: 'application/json' } })
      .then(async (response) => {
        if (!response.ok) throw new Error('seat map');
        setMap((await response.json()) as SeatMap);
      })
      .catch(() => setLoadFailed(true));
    let recount: ReturnType<typeof setTimeout> | undefined;
    const stop = followAvailability(`${eventPath}/availability/stream`, (event) => {
      if (event.kind === 'connection') return setLive(event.live);
      if (event.kind === 'snapshot') return setAvailability(event.state);
      setAvailability((current) => {
        const seats = new Map(current.seats);
        for (const seat of event.seats) {
          if (seat.status === 'available') seats.delete(seat.seatId);
          else
            seats.set(seat.seatId, { status: seat.status, ...(seat.heldUntil ? { heldUntil: seat.heldUntil } : {}) });
        }
        return { ...current, seats };
      });
      recount ??= setTimeout(() => {
        recount = undefined;
        void fetch(`${eventPath}/availability`)
          .then((r) => r.json())
          .then((doc: unknown) => {
            const fresh = stateOf(doc);
            if (fresh) setAvailability((current) => ({ ...current, sections: fresh.sections }));
          })
          .catch(() => undefined);
      }, 1_000);
    });
    return () => {
      stop();
      if (recount) clearTimeout(recount);
    };
  }, [eventPath]);

  return { map, loadFailed, availability, setAvailability, live };
}
