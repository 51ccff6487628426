import type { SeatMap } from './catalog.ts';

/**
 * Where everything on the seat map is drawn, from the organizer's drawing
 * (section boxes, seat points) when there is one, otherwise laid out in a
 * plain grid: sections stacked, a row per line, seats in row order. Units
 * are the drawing's (a seat pitch is 10).
 */
export interface PlacedSeat {
  id: string;
  sectionId: string;
  row: string;
  label: string;
  tierId: string;
  x: number;
  y: number;
  /** Neighbours for arrow keys: index of the seat in `seats` or -1. */
  left: number;
  right: number;
  up: number;
  down: number;
}

export interface PlacedSection {
  id: string;
  name: string;
  kind: 'reserved' | 'general';
  tierId: string;
  capacity: number;
  box: { x: number; y: number; width: number; height: number };
}

export interface SeatLayout {
  sections: PlacedSection[];
  seats: PlacedSeat[];
  bounds: { x: number; y: number; width: number; height: number };
  /** The stage along the top, when the drawing leaves room for it. */
  stage: { x: number; y: number; width: number; height: number };
  pitch: number;
  /** Label size in drawing units, in proportion to the venue so a small hall is not all lettering. */
  textSize: number;
}

const pitch = 10;
const gap = 30;

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function boxOf(geometry: Record<string, unknown>) {
  const x = numberOf(geometry.x);
  const y = numberOf(geometry.y);
  const width = numberOf(geometry.width);
  const height = numberOf(geometry.height);
  return x !== undefined && y !== undefined && width && height ? { x, y, width, height } : undefined;
}

export function layoutSeatMap(map: SeatMap): SeatLayout {
  const ordered = [...map.sections].sort((a, b) => a.sortOrder - b.sortOrder);
  const drawn = ordered.every(
    (s) => boxOf(s.geometry) && s.rows.every((r) => r.seats.every((seat) => seat.x !== null && seat.y !== null)),
  );
  const sections: PlacedSection[] = [];
  const seats: PlacedSeat[] = [];
  let cursorY = 0;
  for (const section of ordered) {
    let box = drawn ? boxOf(section.geometry)! : undefined;
    if (!box) {
      const longest = Math.max(1, ...section.rows.map((r) => r.seats.length));
      const height = section.kind === 'general' ? 12 * pitch : Math.max(1, section.rows.length) * pitch;
      box = { x: 0, y: cursorY, width: section.kind === 'general' ? 40 * pitch : longest * pitch, height };
      cursorY += height + gap;
    }
    sections.push({
      id: section.id,
      name: section.name,
      kind: section.kind,
      tierId: section.priceTierId,
      capacity: section.capacity,
      box,
    });
    if (section.kind !== 'reserved') continue;
    const rowStarts: number[] = [];
    section.rows.forEach((row, r) => {
      rowStarts.push(seats.length);
      row.seats.forEach((seat, n) => {
        seats.push({
          id: seat.id,
          sectionId: section.id,
          row: row.label,
          label: seat.label,
          tierId: seat.priceTierId,
          x: drawn ? seat.x! : box.x + (n + 0.5) * pitch,
          y: drawn ? seat.y! : box.y + (r + 0.5) * pitch,
          left: n > 0 ? seats.length - 1 : -1,
          right: -1,
          up: -1,
          down: -1,
        });
      });
    });
    // Right, up and down neighbours, once every row of the section is placed.
    section.rows.forEach((row, r) => {
      const start = rowStarts[r] ?? 0;
      row.seats.forEach((_seat, n) => {
        const seat = seats[start + n]!;
        seat.right = n + 1 < row.seats.length ? start + n + 1 : -1;
        const near = (other: number | undefined, length: number) =>
          other === undefined || length === 0 ? -1 : other + Math.min(n, length - 1);
        seat.up = r > 0 ? near(rowStarts[r - 1], section.rows[r - 1]?.seats.length ?? 0) : -1;
        seat.down = r + 1 < section.rows.length ? near(rowStarts[r + 1], section.rows[r + 1]?.seats.length ?? 0) : -1;
      });
    });
  }
  const minX = Math.min(...sections.map((s) => s.box.x));
  const maxX = Math.max(...sections.map((s) => s.box.x + s.box.width));
  const minY = Math.min(...sections.map((s) => s.box.y));
  const maxY = Math.max(...sections.map((s) => s.box.y + s.box.height));
  const span = maxX - minX;
  const textSize = Math.min(18, Math.max(4, span / 45));
  const stageHeight = textSize * 2;
  const stage = { x: minX + span * 0.2, y: minY - stageHeight - textSize * 2, width: span * 0.6, height: stageHeight };
  const margin = textSize;
  return {
    sections,
    seats,
    stage,
    pitch,
    textSize,
    bounds: {
      x: minX - margin,
      y: stage.y - margin,
      width: maxX - minX + 2 * margin,
      height: maxY - stage.y + 2 * margin,
    },
  };
}
