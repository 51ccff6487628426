import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Hold } from '../lib/api/booking.ts';
import { statusAt } from '../lib/availability-feed.ts';
import { useLiveSeatMap } from '../lib/use-live-seat-map.ts';
import type { PriceTier } from '../lib/catalog.ts';
import { formatMoney } from '../lib/format.ts';
import { seatApi } from '../lib/seat-api.ts';
import { layoutSeatMap } from '../lib/seat-layout.ts';
import { tierColour } from '../lib/tier-colours.ts';
import { GaPicker } from './ga-picker.tsx';
import { MapLegend } from './map-legend.tsx';
import { SeatMapView } from './seat-map.tsx';
import { SelectionPanel } from './selection-panel.tsx';
import { selectionLines } from '../lib/selection.ts';

export interface SeatPickerProps {
  eventId: string;
  dropId: string;
  /** The catalog as the browser reaches it. */
  catalogUrl: string;
  admissionToken: string;
  admissionExpiresAt: string;
  maxSeats: number;
  tiers: PriceTier[];
  lineUrl: string;
}

type Notice = { tone: 'taken' | 'problem' | 'info'; text: string };

/**
 * Choosing seats: the map with live availability, standing quantities, the
 * selection within the fan's limit, the hold with its countdown, and the
 * step on to payment. Seats taken by others turn grey as it happens.
 */
export function SeatPicker(props: SeatPickerProps) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [quantities, setQuantities] = useState<Map<string, number>>(new Map());
  const [hold, setHold] = useState<Hold | undefined>();
  const [notice, setNotice] = useState<Notice | undefined>();
  const [busy, setBusy] = useState(false);
  // Statuses are read at this moment; it moves only when a hold the map shows runs out.
  const [statusClock, setStatusClock] = useState(() => Date.now());
  const [turnOver, setTurnOver] = useState(() => Date.parse(props.admissionExpiresAt) <= Date.now());
  // Seats in a hold request still in flight: the stream may report them held before the answer arrives.
  const holding = useRef<ReadonlySet<string>>(new Set());
  const holdKey = `hold:${props.dropId}`;
  const eventPath = `${props.catalogUrl}/events/${encodeURIComponent(props.eventId)}`;
  const { map, loadFailed, availability, setAvailability, live } = useLiveSeatMap(eventPath);

  const layout = useMemo(() => (map ? layoutSeatMap(map) : undefined), [map]);
  const seatIndex = useMemo(() => new Map(layout?.seats.map((s, i) => [s.id, i]) ?? []), [layout]);
  const tiers = useMemo(() => new Map(props.tiers.map((t) => [t.id, t])), [props.tiers]);
  const colourOf = useCallback((tierId: string) => tierColour(props.tiers, tierId), [props.tiers]);
  const sectionName = (id: string) => layout?.sections.find((s) => s.id === id)?.name ?? 'Section';
  const seatName = (seatId: string) => {
    const seat = layout?.seats[seatIndex.get(seatId) ?? -1];
    return seat ? `${sectionName(seat.sectionId)}, row ${seat.row}, seat ${seat.label}` : 'a seat';
  };
  const priceOf = (tierId: string) => {
    const tier = tiers.get(tierId);
    return tier ? formatMoney(tier.priceCents, tier.currency) : '';
  };

  useEffect(() => {
    const left = Date.parse(props.admissionExpiresAt) - Date.now();
    const timer = setTimeout(() => setTurnOver(true), Math.max(0, left));
    return () => clearTimeout(timer);
  }, [props.admissionExpiresAt]);

  // Held seats come free when their hold lapses, whether or not anyone says so: look again at the next lapse.
  useEffect(() => {
    const now = Date.now();
    let next = Infinity;
    for (const seat of availability.seats.values()) {
      if (seat.heldUntil !== undefined && seat.heldUntil > now) next = Math.min(next, seat.heldUntil);
    }
    if (next === Infinity) return;
    const timer = setTimeout(() => setStatusClock(Date.now()), Math.min(next - now + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [availability, statusClock]);

  // A reload finds the hold this tab made, if it is still running.
  useEffect(() => {
    const holdId = sessionStorage.getItem(holdKey);
    if (!holdId) return;
    void seatApi.readHold(holdId).then((answer) => {
      if (answer.ok && answer.value.status === 'active') setHold(answer.value);
      else sessionStorage.removeItem(holdKey);
    });
  }, [holdKey]);

  const mine = useMemo(() => new Set(hold?.seats.map((s) => s.seatId) ?? []), [hold]);
  const statusOf = useCallback(
    (seatId: string) => statusAt(availability, seatId, statusClock),
    [availability, statusClock],
  );

  // A seat someone else takes while it is in this fan's selection: say so, and let it go.
  useEffect(() => {
    const taken = [...selected].filter(
      (id) => !mine.has(id) && !holding.current.has(id) && statusOf(id) !== 'available',
    );
    if (taken.length === 0) return;
    setSelected((current) => new Set([...current].filter((id) => !taken.includes(id))));
    setNotice({
      tone: 'taken',
      text: `Sorry, ${taken.map(seatName).join(' and ')} ${taken.length === 1 ? 'was' : 'were'} just taken by another fan. Please pick another seat.`,
    });
  }, [availability]);

  // The hold's time runs out: its seats are back on sale and nothing was charged.
  useEffect(() => {
    if (!hold) return;
    const timer = setTimeout(
      () => {
        sessionStorage.removeItem(holdKey);
        setHold(undefined);
        setNotice({
          tone: 'info',
          text: 'Your hold ran out and those seats are back on sale. You have not been charged.',
        });
      },
      Math.max(0, Date.parse(hold.expiresAt) - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [hold]);

  const gaCount = [...quantities.values()].reduce((a, b) => a + b, 0);
  const count = hold ? hold.seats.length : selected.size + gaCount;

  const toggle = (index: number) => {
    const seat = layout?.seats[index];
    if (!seat) return;
    setNotice(undefined);
    if (selected.has(seat.id)) {
      setSelected(new Set([...selected].filter((id) => id !== seat.id)));
      return;
    }
    if (statusOf(seat.id) !== 'available') {
      setNotice({ tone: 'taken', text: `${seatName(seat.id)} is already taken. Please pick another seat.` });
      return;
    }
    if (selected.size + 1 > props.maxSeats) {
      setNotice({ tone: 'problem', text: `You can choose up to ${props.maxSeats} tickets in this sale.` });
      return;
    }
    setQuantities(new Map());
    setSelected(new Set([...selected, seat.id]));
  };

  const setQuantity = (sectionId: string, quantity: number) => {
    setNotice(undefined);
    setSelected(new Set());
    // One standing area per hold, as the booking core holds them.
    setQuantities(quantity > 0 ? new Map([[sectionId, Math.min(quantity, props.maxSeats)]]) : new Map());
  };

  const placeHold = async () => {
    setBusy(true);
    setNotice(undefined);
    const [ga] = [...quantities];
    holding.current = new Set(selected);
    const answer = await seatApi.hold({
      eventId: props.eventId,
      dropId: props.dropId,
      admissionToken: props.admissionToken,
      ...(ga ? { sectionId: ga[0], quantity: ga[1] } : { seatIds: [...selected] }),
    });
    holding.current = new Set();
    setBusy(false);
    if (answer.ok) {
      sessionStorage.setItem(holdKey, answer.value.holdId);
      setHold(answer.value);
      setSelected(new Set());
      setQuantities(new Map());
      return;
    }
    if (answer.code === 'seat_unavailable' && answer.seats && answer.seats.length > 0) {
      const taken = answer.seats;
      setAvailability((current) => {
        const seats = new Map(current.seats);
        for (const id of taken) seats.set(id, { status: 'held' });
        return { ...current, seats };
      });
      setSelected(new Set([...selected].filter((id) => !taken.includes(id))));
      setNotice({
        tone: 'taken',
        text: `Sorry, ${taken.map(seatName).join(' and ')} ${taken.length === 1 ? 'was' : 'were'} just taken by another fan. Nothing was held; please pick again.`,
      });
      return;
    }
    setNotice({ tone: 'problem', text: answer.message });
  };

  const checkout = async () => {
    if (!hold) return;
    setBusy(true);
    const answer = await seatApi.order(hold.holdId);
    if (answer.ok) {
      window.location.assign(`/checkout/${encodeURIComponent(answer.value.orderId)}`);
      return;
    }
    setBusy(false);
    setNotice({ tone: 'problem', text: answer.message });
  };

  const release = async () => {
    if (!hold) return;
    setBusy(true);
    await seatApi.release(hold.holdId);
    sessionStorage.removeItem(holdKey);
    setHold(undefined);
    setBusy(false);
    setNotice({ tone: 'info', text: 'Your seats were released. You can choose again.' });
  };

  // Stable callbacks, so the map redraws its seats only when what they show changes.
  const latestToggle = useRef(toggle);
  latestToggle.current = toggle;
  const onToggle = useCallback((index: number) => latestToggle.current(index), []);
  const onGeneralAdmission = useCallback(
    () => document.getElementById('standing')?.querySelector('input')?.focus(),
    [],
  );
  const describeSeat = useCallback(
    (index: number) => {
      const seat = layout?.seats[index];
      if (!seat) return '';
      const state = mine.has(seat.id)
        ? 'held for you'
        : selected.has(seat.id)
          ? 'chosen'
          : statusOf(seat.id) === 'available'
            ? 'available'
            : 'taken';
      return `${seatName(seat.id)}, ${priceOf(seat.tierId)}, ${state}`;
    },
    [layout, mine, selected, statusOf, tiers],
  );

  const legend = useMemo(() => <MapLegend tiers={props.tiers} colourOf={colourOf} />, [props.tiers, colourOf]);
  const { lines, totalCents } = layout
    ? selectionLines({
        layout,
        tiers: props.tiers,
        hold,
        selected,
        quantities,
        onRemoveSeat: (id) => setSelected(new Set([...selected].filter((s) => s !== id))),
        onRemoveStanding: () => setQuantities(new Map()),
      })
    : { lines: [], totalCents: 0 };
  const currency = props.tiers[0]?.currency ?? 'EUR';

  return (
    <div class="seat-picker" data-live={live ? 'yes' : 'no'} data-ready={layout ? 'yes' : 'no'}>
      <div class="map-column">
        {loadFailed ? (
          <p class="notice" role="alert">
            We could not load the seat map. Please reload the page.
          </p>
        ) : !layout ? (
          <p class="map-loading" role="status">
            Loading the seat map…
          </p>
        ) : (
          <SeatMapView
            layout={layout}
            statusOf={statusOf}
            selected={selected}
            mine={mine}
            colourOf={colourOf}
            locked={hold !== undefined}
            onToggle={onToggle}
            onGeneralAdmission={onGeneralAdmission}
            describeSeat={describeSeat}
            toolbar={legend}
          />
        )}
        <p class="map-hint meta">
          Click or tap the map to zoom in, then pick your seats; drag to move, pinch or use + and − to zoom. By
          keyboard: Tab into the map, arrow keys to move, Enter to choose.
        </p>
        <p class="live-status meta">
          {live ? 'Live: seats turn grey the moment someone takes them.' : 'Connecting to live availability…'}
        </p>
      </div>
      <div class="side-column">
        <p class="notice-slot" role="alert" aria-live="assertive" data-seat-alert>
          {notice && (
            <span class={`notice ${notice.tone === 'info' ? 'info' : notice.tone === 'taken' ? 'warn' : ''}`}>
              {notice.text}
            </span>
          )}
        </p>
        {turnOver && !hold && (
          <p class="notice">
            Your turn to choose seats has ended. <a href={props.lineUrl}>Join the line again</a>.
          </p>
        )}
        <SelectionPanel
          lines={lines}
          total={formatMoney(totalCents, currency)}
          count={count}
          max={props.maxSeats}
          hold={hold}
          turnExpiresAt={props.admissionExpiresAt}
          turnOver={turnOver}
          busy={busy}
          onHold={() => void placeHold()}
          onCheckout={() => void checkout()}
          onRelease={() => void release()}
        />
        {layout && (
          <GaPicker
            options={layout.sections
              .filter((s) => s.kind === 'general')
              .map((s) => ({ sectionId: s.id, name: s.name, price: priceOf(s.tierId), colour: colourOf(s.tierId) }))}
            counts={availability.sections}
            quantities={quantities}
            max={props.maxSeats}
            locked={hold !== undefined}
            onChange={setQuantity}
          />
        )}
      </div>
    </div>
  );
}
