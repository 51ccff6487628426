import type { SeatMap } from '@ticketing/common/contracts/seat-map';

/**
 * The seat map as the designer edits it: the admin API's `PUT` body.
 * Every edit is a pure function from one map to the next, so undo and redo
 * are a list of maps.
 */
export interface DesignSeat {
  id?: string;
  label: string;
  x: number;
  y: number;
  priceTier?: string;
  blocked?: boolean;
}
export interface DesignRow {
  label: string;
  seats: DesignSeat[];
}
export interface DesignSection {
  id?: string;
  name: string;
  kind: 'reserved' | 'general';
  priceTier: string;
  capacity?: number;
  geometry: Record<string, unknown>;
  sortOrder: number;
  rows: DesignRow[];
}
export interface DesignTier {
  id?: string;
  name: string;
  priceCents: number;
  currency: string;
}
export interface DesignMap {
  priceTiers: DesignTier[];
  sections: DesignSection[];
}

export type Numbering = 'left_to_right' | 'right_to_left' | 'odd_even';

const pitch = 10;
const gap = 30;

/** Where the next section goes: under everything drawn so far. */
function nextTop(map: DesignMap): number {
  let bottom = -gap;
  for (const section of map.sections) {
    const g = section.geometry;
    if (typeof g.y === 'number' && typeof g.height === 'number') bottom = Math.max(bottom, g.y + g.height);
    for (const row of section.rows) for (const seat of row.seats) bottom = Math.max(bottom, seat.y + pitch / 2);
  }
  return bottom + gap;
}

export function rowLabel(index: number): string {
  let label = '';
  let n = index;
  do {
    label = String.fromCharCode(65 + (n % 26)) + label;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return label;
}

/** Seat numbers in order from left to right. */
export function seatLabels(count: number, numbering: Numbering): string[] {
  const ascending = Array.from({ length: count }, (_, i) => String(i + 1));
  if (numbering === 'right_to_left') return ascending.reverse();
  if (numbering === 'left_to_right') return ascending;
  // Odd numbers on the left and even on the right, both counting outwards from the centre.
  const left = Math.ceil(count / 2);
  const odd = Array.from({ length: left }, (_, i) => String(2 * i + 1)).reverse();
  const even = Array.from({ length: count - left }, (_, i) => String(2 * i + 2));
  return [...odd, ...even];
}

export interface ReservedSpec {
  name: string;
  rows: number;
  seatsPerRow: number;
  numbering: Numbering;
  priceTier: string;
}

export function addReserved(map: DesignMap, spec: ReservedSpec): DesignMap {
  const top = nextTop(map);
  const width = spec.seatsPerRow * pitch;
  const labels = seatLabels(spec.seatsPerRow, spec.numbering);
  const rows: DesignRow[] = Array.from({ length: spec.rows }, (_, r) => ({
    label: rowLabel(r),
    seats: labels.map((label, n) => ({ label, x: (n + 0.5) * pitch, y: top + (r + 0.5) * pitch })),
  }));
  const section: DesignSection = {
    name: spec.name,
    kind: 'reserved',
    priceTier: spec.priceTier,
    geometry: { shape: 'rect', x: 0, y: top, width, height: spec.rows * pitch },
    sortOrder: map.sections.length,
    rows,
  };
  return { ...map, sections: [...map.sections, section] };
}

export function addGeneral(map: DesignMap, spec: { name: string; capacity: number; priceTier: string }): DesignMap {
  const top = nextTop(map);
  const section: DesignSection = {
    name: spec.name,
    kind: 'general',
    priceTier: spec.priceTier,
    capacity: spec.capacity,
    geometry: { shape: 'rect', x: 0, y: top, width: 200, height: 60 },
    sortOrder: map.sections.length,
    rows: [],
  };
  return { ...map, sections: [...map.sections, section] };
}

export function addTier(map: DesignMap, tier: DesignTier): DesignMap {
  const others = map.priceTiers.filter((t) => t.name !== tier.name);
  return { ...map, priceTiers: [...others, tier] };
}

export function removeSection(map: DesignMap, index: number): DesignMap {
  const sections = map.sections.filter((_, i) => i !== index).map((s, i) => ({ ...s, sortOrder: i }));
  return { ...map, sections };
}

/** The preview's seat id of a designer seat: its place in the map. */
export function previewSeatId(section: number, row: number, seat: number): string {
  return `${section}.${row}.${seat}`;
}

export function toggleBlocked(map: DesignMap, previewId: string): DesignMap {
  const [s, r, n] = previewId.split('.').map(Number) as [number, number, number];
  return {
    ...map,
    sections: map.sections.map((section, i) =>
      i !== s
        ? section
        : {
            ...section,
            rows: section.rows.map((row, j) =>
              j !== r
                ? row
                : { ...row, seats: row.seats.map((seat, k) => (k !== n ? seat : { ...seat, blocked: !seat.blocked })) },
            ),
          },
    ),
  };
}

/** The map as the fans' seat map draws it (the catalog's shape); tiers are known by name. */
export function toPreview(map: DesignMap, eventId: string): SeatMap {
  return {
    eventId,
    priceTiers: map.priceTiers.map((t) => ({
      id: t.name,
      name: t.name,
      priceCents: t.priceCents,
      currency: t.currency,
    })),
    sections: map.sections.map((section, s) => ({
      id: `section-${s}`,
      name: section.name,
      kind: section.kind,
      priceTierId: section.priceTier,
      capacity:
        section.kind === 'general' ? (section.capacity ?? 0) : section.rows.reduce((n, r) => n + r.seats.length, 0),
      geometry: section.geometry,
      sortOrder: s,
      rows:
        section.kind === 'general'
          ? []
          : section.rows.map((row, r) => ({
              label: row.label,
              seats: row.seats.map((seat, n) => ({
                id: previewSeatId(s, r, n),
                label: seat.label,
                x: seat.x,
                y: seat.y,
                priceTierId: seat.priceTier ?? section.priceTier,
              })),
            })),
    })),
  };
}

/** What the designer loads from the event: general admission is a capacity, not rows of places. */
export function fromEvent(map: DesignMap): DesignMap {
  return {
    priceTiers: map.priceTiers.map(({ id, name, priceCents, currency }) => ({ id, name, priceCents, currency })),
    sections: map.sections.map((section) => ({
      ...(section.id ? { id: section.id } : {}),
      name: section.name,
      kind: section.kind,
      priceTier: section.priceTier,
      ...(section.kind === 'general' ? { capacity: section.capacity ?? 0 } : {}),
      geometry: section.geometry ?? {},
      sortOrder: section.sortOrder,
      rows:
        section.kind === 'general'
          ? []
          : section.rows.map((row) => ({
              label: row.label,
              seats: row.seats.map((seat) => ({
                ...(seat.id ? { id: seat.id } : {}),
                label: seat.label,
                x: seat.x,
                y: seat.y,
                ...(typeof seat.priceTier === 'string' ? { priceTier: seat.priceTier } : {}),
                blocked: seat.blocked === true,
              })),
            })),
    })),
  };
}

export function seatCount(map: DesignMap): { seats: number; blocked: number; standing: number } {
  let seats = 0;
  let blocked = 0;
  let standing = 0;
  for (const section of map.sections) {
    if (section.kind === 'general') standing += section.capacity ?? 0;
    for (const row of section.rows) {
      seats += row.seats.length;
      blocked += row.seats.filter((seat) => seat.blocked).length;
    }
  }
  return { seats, blocked, standing };
}
