import { useCallback, useMemo } from 'preact/hooks';
import type { SeatStatus } from '../lib/availability-feed.ts';
import { toPreview, type DesignMap } from '../lib/organizer/design-map.ts';
import { layoutSeatMap } from '../lib/seat-layout.ts';
import { tierColour } from '../lib/tier-colours.ts';
import { MapLegend } from './map-legend.tsx';
import { SeatMapView } from './seat-map.tsx';

export interface DesignerPreviewProps {
  eventId: string;
  map: DesignMap;
  editable: boolean;
  onToggleBlocked: (previewSeatId: string) => void;
}

const none: ReadonlySet<string> = new Set();

/** The map exactly as fans will see it, drawn by their seat map; a click blocks or frees a seat. */
export function DesignerPreview({ eventId, map, editable, onToggleBlocked }: DesignerPreviewProps) {
  const preview = useMemo(() => toPreview(map, eventId), [map, eventId]);
  const layout = useMemo(() => (preview.sections.length > 0 ? layoutSeatMap(preview) : undefined), [preview]);
  const blocked = useMemo(() => {
    const ids = new Set<string>();
    map.sections.forEach((section, s) =>
      section.rows.forEach((row, r) =>
        row.seats.forEach((seat, n) => {
          if (seat.blocked) ids.add(`${s}.${r}.${n}`);
        }),
      ),
    );
    return ids;
  }, [map]);
  const colourOf = useCallback((tierId: string) => tierColour(preview.priceTiers, tierId), [preview.priceTiers]);
  const statusOf = useCallback((id: string): SeatStatus => (blocked.has(id) ? 'blocked' : 'available'), [blocked]);
  const describeSeat = useCallback(
    (index: number) => {
      const seat = layout?.seats[index];
      if (!seat) return '';
      const section = layout?.sections.find((s) => s.id === seat.sectionId)?.name ?? '';
      return `${section}, row ${seat.row}, seat ${seat.label}, ${blocked.has(seat.id) ? 'blocked' : 'for sale'}`;
    },
    [layout, blocked],
  );
  const onToggle = useCallback(
    (index: number) => {
      const seat = layout?.seats[index];
      if (seat) onToggleBlocked(seat.id);
    },
    [layout, onToggleBlocked],
  );
  if (!layout) return <p class="notice info">The preview appears here once the map has a section.</p>;
  return (
    <div data-preview>
      <SeatMapView
        // A new drawing's bounds (a section added, moved or shaped) fits the view to it again.
        key={`${map.sections.length} ${Object.values(layout.bounds).map(Math.round).join(' ')}`}
        layout={layout}
        statusOf={statusOf}
        selected={none}
        mine={none}
        colourOf={colourOf}
        describeSeat={describeSeat}
        onToggle={onToggle}
        onGeneralAdmission={() => undefined}
        locked={!editable}
        toolbar={<MapLegend tiers={preview.priceTiers} colourOf={colourOf} />}
      />
      <p class="meta">Click a seat, or choose it with the arrow keys and press Enter, to block it or free it again.</p>
    </div>
  );
}
