import { memo } from 'preact/compat';
import type { SeatStatus } from '../lib/availability-feed.ts';
import type { PlacedSeat } from '../lib/seat-layout.ts';

export interface SeatLayerProps {
  seats: PlacedSeat[];
  radius: number;
  statusOf: (seatId: string) => SeatStatus;
  selected: ReadonlySet<string>;
  mine: ReadonlySet<string>;
  colourOf: (tierId: string) => string;
  describeSeat: (index: number) => string;
  /** The seat that holds the map's one tab stop. */
  active: number;
}

/**
 * Every reserved seat as a circle. Kept apart from the map's zoom and pan,
 * so moving the map redraws none of the thousands of seats; they redraw
 * only when availability, the selection or the hold changes.
 */
export const SeatLayer = memo(function SeatLayer(props: SeatLayerProps) {
  return (
    <g class="seats" role="group" aria-label="Seats">
      {props.seats.map((seat, index) => {
        const selected = props.selected.has(seat.id);
        const mine = props.mine.has(seat.id);
        const state = mine ? 'mine' : selected ? 'selected' : props.statusOf(seat.id);
        return (
          <circle
            key={seat.id}
            data-index={index}
            data-seat={seat.id}
            data-status={state}
            cx={seat.x}
            cy={seat.y}
            r={props.radius}
            fill={state === 'available' ? props.colourOf(seat.tierId) : undefined}
            role="checkbox"
            aria-checked={selected || mine}
            aria-disabled={state !== 'available' && state !== 'selected'}
            aria-label={props.describeSeat(index)}
            tabindex={index === props.active ? 0 : -1}
          />
        );
      })}
    </g>
  );
});
