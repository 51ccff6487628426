import type { ComponentChildren } from 'preact';
import { memo } from 'preact/compat';
import { useRef, useState } from 'preact/hooks';
import type { SeatStatus } from '../lib/availability-feed.ts';
import { useMapViewport } from '../lib/map-viewport.ts';
import type { SeatLayout } from '../lib/seat-layout.ts';
import { SeatLayer } from './seat-layer.tsx';

export interface SeatMapProps {
  layout: SeatLayout;
  statusOf: (seatId: string) => SeatStatus;
  selected: ReadonlySet<string>;
  /** Seats in this fan's own hold. */
  mine: ReadonlySet<string>;
  colourOf: (tierId: string) => string;
  describeSeat: (index: number) => string;
  onToggle: (index: number) => void;
  onGeneralAdmission: (sectionId: string) => void;
  /** Choosing is off (a hold is in place): the map only shows. */
  locked: boolean;
  /** Shown beside the zoom buttons: the legend. */
  toolbar?: ComponentChildren;
}

/** Seats smaller than this on screen are zoomed into on a tap before they can be picked. */
const smallestTappablePx = 14;

/**
 * The SVG seat map: the stage, every section and every reserved seat, zoom
 * and pan for small screens, and seats picked by pointer or keyboard (one
 * tab stop; arrow keys move between seats, Enter or Space picks).
 */
export const SeatMapView = memo(function SeatMapView(props: SeatMapProps) {
  const { layout } = props;
  const svg = useRef<SVGSVGElement>(null);
  const { view, handlers, zoomAt, reset, reveal, wasGesture, scaleOf } = useMapViewport(layout.bounds, svg);
  const [active, setActive] = useState(0);
  const radius = layout.pitch * 0.38;

  const focusSeat = (index: number) => {
    setActive(index);
    const seat = layout.seats[index];
    if (seat) reveal(seat.x, seat.y);
    requestAnimationFrame(() => svg.current?.querySelector<SVGElement>(`[data-index="${index}"]`)?.focus());
  };

  const onClick = (event: MouseEvent) => {
    if (wasGesture()) return;
    const target = (event.target as Element).closest('[data-index],[data-ga]');
    if (!target || !svg.current) return;
    const ga = target.getAttribute('data-ga');
    if (ga) return props.onGeneralAdmission(ga);
    const index = Number(target.getAttribute('data-index'));
    const seat = layout.seats[index];
    if (!seat) return;
    // A pointer on seats too small to aim at zooms in first; the keyboard (detail 0) always picks.
    if (event.detail > 0 && (2 * radius) / scaleOf(svg.current, view) < smallestTappablePx) {
      zoomAt(3, seat.x, seat.y);
      return;
    }
    setActive(index);
    if (!props.locked) props.onToggle(index);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as Element;
    const index = Number(target.getAttribute('data-index'));
    const seat = layout.seats[index];
    if (!seat) return;
    const next: Record<string, number> = {
      ArrowLeft: seat.left,
      ArrowRight: seat.right,
      ArrowUp: seat.up,
      ArrowDown: seat.down,
    };
    if (event.key in next) {
      event.preventDefault();
      const to = next[event.key] ?? -1;
      if (to >= 0) focusSeat(to);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (!props.locked) props.onToggle(index);
    }
  };

  return (
    <div class="seat-map">
      <div class="map-tools">
        {props.toolbar}
        <div class="zoom" role="group" aria-label="Zoom">
          <button type="button" class="secondary small" onClick={() => zoomAt(1.6)} aria-label="Zoom in">
            +
          </button>
          <button type="button" class="secondary small" onClick={() => zoomAt(1 / 1.6)} aria-label="Zoom out">
            −
          </button>
          <button type="button" class="secondary small" onClick={reset}>
            Fit
          </button>
        </div>
      </div>
      <svg
        ref={svg}
        class="map"
        viewBox={`${view.x} ${view.y} ${view.width} ${view.height}`}
        preserveAspectRatio="xMidYMid meet"
        style={{ '--map-ratio': `${layout.bounds.width} / ${layout.bounds.height}` }}
        role="group"
        aria-label="Seat map. Use the arrow keys to move between seats and Enter to choose one."
        onClick={onClick}
        onKeyDown={onKeyDown}
        {...handlers}
      >
        <g aria-hidden="true">
          <rect
            class="stage"
            x={layout.stage.x}
            y={layout.stage.y}
            width={layout.stage.width}
            height={layout.stage.height}
            rx={layout.textSize * 0.4}
          />
          <text
            class="stage-label"
            x={layout.stage.x + layout.stage.width / 2}
            y={layout.stage.y + layout.stage.height / 2}
            font-size={layout.textSize}
          >
            STAGE
          </text>
        </g>
        {layout.sections.map((section) =>
          section.kind === 'general' ? (
            // The quantity pickers below are the way to choose standing places by keyboard; this is a shortcut to them.
            <g key={section.id} data-ga={section.id} class="ga-area" aria-hidden="true">
              <rect
                x={section.box.x}
                y={section.box.y}
                width={section.box.width}
                height={section.box.height}
                rx={layout.textSize * 0.5}
                fill={props.colourOf(section.tierId)}
              />
              <text
                x={section.box.x + section.box.width / 2}
                y={section.box.y + section.box.height / 2}
                font-size={layout.textSize * 1.2}
              >
                {section.name} · standing
              </text>
            </g>
          ) : (
            <text
              key={section.id}
              class="section-label"
              aria-hidden="true"
              x={section.box.x + section.box.width / 2}
              y={section.box.y - layout.textSize * 0.5}
              font-size={layout.textSize * 0.9}
            >
              {section.name}
            </text>
          ),
        )}
        <SeatLayer
          seats={layout.seats}
          radius={radius}
          statusOf={props.statusOf}
          selected={props.selected}
          mine={props.mine}
          colourOf={props.colourOf}
          describeSeat={props.describeSeat}
          active={active}
        />
      </svg>
    </div>
  );
});
