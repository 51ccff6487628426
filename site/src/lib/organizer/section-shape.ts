import { rowLabel, seatLabels, type DesignMap, type DesignSection, type Numbering } from './design-map.ts';

/*
 * A reserved section as a block the organizer places and shapes. Its seats
 * keep absolute positions (what the API stores and the fans' map draws); the
 * block's shape lives in its geometry beside the box the fans' map draws:
 *
 *   curve   how far the ends of every row bend towards the stage (negative:
 *           away from it), in drawing units; 0 is straight
 *   angle   how far the whole block is turned, in degrees, clockwise
 *
 * Shaping lays every row out again from its seat count, evenly spaced and
 * centred on the block's centre, so the block stays where it was drawn.
 * General-admission areas are plain boxes: they move but have no rows.
 */

const pitch = 10;
export const curveLimit = 100;
export const angleLimit = 90;

export interface SectionShape {
  curve: number;
  angle: number;
}

/** Two decimals: positions are stored in single precision. */
const round = (value: number) => Math.round(value * 100) / 100;

function numberIn(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value));

export function shapeOf(section: DesignSection): SectionShape {
  return { curve: numberIn(section.geometry.curve, 0), angle: numberIn(section.geometry.angle, 0) };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function boxOf(section: DesignSection): Box {
  const g = section.geometry;
  return {
    x: numberIn(g.x, 0),
    y: numberIn(g.y, 0),
    width: numberIn(g.width, pitch),
    height: numberIn(g.height, pitch),
  };
}

function replaceSection(map: DesignMap, index: number, change: (section: DesignSection) => DesignSection): DesignMap {
  const section = map.sections[index];
  if (!section) return map;
  const next = change(section);
  return next === section ? map : { ...map, sections: map.sections.map((s, i) => (i === index ? next : s)) };
}

/** Moves a section (its box and every seat) by dx, dy drawing units. */
export function moveSection(map: DesignMap, index: number, dx: number, dy: number): DesignMap {
  if (dx === 0 && dy === 0) return map;
  return replaceSection(map, index, (section) => {
    const box = boxOf(section);
    return {
      ...section,
      geometry: { ...section.geometry, x: round(box.x + dx), y: round(box.y + dy) },
      rows: section.rows.map((row) => ({
        ...row,
        seats: row.seats.map((seat) => ({ ...seat, x: round(seat.x + dx), y: round(seat.y + dy) })),
      })),
    };
  });
}

/** Every seat's position for a shape, around (cx, cy); the box is the seats' bounds. */
function arrange(section: DesignSection, shape: SectionShape, cx: number, cy: number): DesignSection {
  const rows = section.rows;
  const halfWidest = Math.max(0, ...rows.map((row) => ((row.seats.length - 1) * pitch) / 2));
  const radians = (shape.angle * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const placed = rows.map((row, r) => {
    const v = (r - (rows.length - 1) / 2) * pitch;
    return row.seats.map((seat, n) => {
      const u = (n - (row.seats.length - 1) / 2) * pitch;
      // A parabola through the row: its ends rise by `curve` over the widest row's half-width.
      const bent = halfWidest === 0 ? v : v - shape.curve * (u / halfWidest) ** 2;
      return { ...seat, x: u * cos - bent * sin, y: u * sin + bent * cos };
    });
  });
  const all = placed.flat();
  if (all.length === 0) {
    return { ...section, geometry: { ...section.geometry, curve: shape.curve, angle: shape.angle } };
  }
  const minX = Math.min(...all.map((s) => s.x)) - pitch / 2;
  const maxX = Math.max(...all.map((s) => s.x)) + pitch / 2;
  const minY = Math.min(...all.map((s) => s.y)) - pitch / 2;
  const maxY = Math.max(...all.map((s) => s.y)) + pitch / 2;
  // Centre the seats' bounds on (cx, cy), so shaping a block does not move it.
  const ox = cx - (minX + maxX) / 2;
  const oy = cy - (minY + maxY) / 2;
  return {
    ...section,
    geometry: {
      ...section.geometry,
      shape: 'rect',
      x: round(minX + ox),
      y: round(minY + oy),
      width: round(maxX - minX),
      height: round(maxY - minY),
      curve: shape.curve,
      angle: shape.angle,
    },
    rows: rows.map((row, r) => ({
      ...row,
      seats: (placed[r] ?? []).map((seat) => ({ ...seat, x: round(seat.x + ox), y: round(seat.y + oy) })),
    })),
  };
}

function centreOf(section: DesignSection): { cx: number; cy: number } {
  const box = boxOf(section);
  return { cx: box.x + box.width / 2, cy: box.y + box.height / 2 };
}

/** Curves or turns a reserved section's rows; its seats are laid out again around the block's centre. */
export function shapeSection(map: DesignMap, index: number, change: Partial<SectionShape>): DesignMap {
  return replaceSection(map, index, (section) => {
    if (section.kind !== 'reserved') return section;
    const now = shapeOf(section);
    const shape = {
      curve: clamp(change.curve ?? now.curve, curveLimit),
      angle: clamp(change.angle ?? now.angle, angleLimit),
    };
    if (shape.curve === now.curve && shape.angle === now.angle) return section;
    const { cx, cy } = centreOf(section);
    return arrange(section, shape, cx, cy);
  });
}

/** Adds a row of `count` seats at the back of a reserved section, shaped like the others; the front stays put. */
export function addRow(map: DesignMap, index: number, count: number, numbering: Numbering): DesignMap {
  return replaceSection(map, index, (section) => {
    if (section.kind !== 'reserved' || count < 1) return section;
    const shape = shapeOf(section);
    const row = {
      label: rowLabel(section.rows.length),
      seats: seatLabels(count, numbering).map((label) => ({ label, x: 0, y: 0 })),
    };
    const { cx, cy } = centreOf(section);
    const grown = { ...section, rows: [...section.rows, row] };
    // One row more moves the rows' middle half a pitch back, turned with the block.
    const radians = (shape.angle * Math.PI) / 180;
    const shift = section.rows.length === 0 ? 0 : pitch / 2;
    return arrange(grown, shape, cx - shift * Math.sin(radians), cy + shift * Math.cos(radians));
  });
}
