import type { RowLayout } from './schema.ts';

/*
 * Generating a row from a count. Seats stand at `pitch` apart along a line
 * from (x, y) turned by `angle`; a gap is a position with no seat (an aisle)
 * and uses up no number. Numbering counts the seats from the left:
 *
 *   consecutive   1 2 3 4 5 6          (right_to_left: 6 5 4 3 2 1)
 *   odd           1 3 5 7 9 11
 *   even          2 4 6 8 10 12
 *   odd_even      5 3 1 2 4 6          odd on the left and even on the right,
 *                                      both counting outwards from the centre
 *                                      (right_to_left puts the odd side right)
 */

export interface GeneratedSeat {
  label: string;
  x: number;
  y: number;
  blocked: boolean;
}

export interface LayoutIssue {
  /** Under the layout: `gaps.2`, `blocked.0`, `start`. */
  path: string;
  code: string;
  message: string;
}

/** Two decimals: positions are drawn, and stored in single precision. */
const round = (value: number) => Math.round(value * 100) / 100;

export function numberSeats(layout: Pick<RowLayout, 'count' | 'numbering' | 'direction' | 'start'>): number[] {
  const n = layout.count;
  const numbering = layout.numbering ?? 'consecutive';
  const fromLeft = (layout.direction ?? 'left_to_right') === 'left_to_right';
  const start = layout.start ?? (numbering === 'even' ? 2 : 1);
  // The number of the i-th seat from whichever end the numbering starts at.
  const nth = (i: number) => (numbering === 'consecutive' ? start + i : start + 2 * i);
  if (numbering !== 'odd_even') {
    return Array.from({ length: n }, (_, i) => nth(fromLeft ? i : n - 1 - i));
  }
  // The first side (left by default) takes the odd numbers, the other side the even ones, outwards from the centre.
  const firstSide = Math.ceil(n / 2);
  const numbers = Array.from({ length: n }, (_, i) => {
    const k = fromLeft ? i : n - 1 - i;
    return k < firstSide ? start + 2 * (firstSide - 1 - k) : start + 1 + 2 * (k - firstSide);
  });
  return numbers;
}

export function checkLayout(layout: RowLayout): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const numbering = layout.numbering ?? 'consecutive';
  const start = layout.start;
  if (start !== undefined && (numbering === 'odd' || numbering === 'odd_even') && start % 2 === 0) {
    issues.push({ path: 'start', code: 'start_not_odd', message: `${numbering} numbering starts at an odd number` });
  }
  if (start !== undefined && numbering === 'even' && start % 2 === 1) {
    issues.push({ path: 'start', code: 'start_not_even', message: 'even numbering starts at an even number' });
  }
  const positions = layout.count + (layout.gaps?.length ?? 0);
  const seen = new Set<number>();
  (layout.gaps ?? []).forEach((gap, i) => {
    if (gap >= positions) {
      issues.push({ path: `gaps.${i}`, code: 'gap_outside_row', message: `a gap must be below ${positions}` });
    } else if (seen.has(gap)) {
      issues.push({ path: `gaps.${i}`, code: 'duplicate_gap', message: 'this gap is listed twice' });
    }
    seen.add(gap);
  });
  const labels = new Set(numberSeats(layout).map(String));
  (layout.blocked ?? []).forEach((label, i) => {
    if (!labels.has(label)) {
      issues.push({ path: `blocked.${i}`, code: 'unknown_seat', message: `the row has no seat ${label}` });
    }
  });
  return issues;
}

/** The row's seats from the left. Call `checkLayout` first: a broken layout gives meaningless positions. */
export function layoutRow(layout: RowLayout): GeneratedSeat[] {
  const gaps = new Set(layout.gaps ?? []);
  const blocked = new Set(layout.blocked ?? []);
  const pitch = layout.pitch ?? 10;
  const radians = ((layout.angle ?? 0) * Math.PI) / 180;
  const numbers = numberSeats(layout);
  const seats: GeneratedSeat[] = [];
  for (let position = 0; seats.length < layout.count; position++) {
    if (gaps.has(position)) continue;
    const label = String(numbers[seats.length]);
    seats.push({
      label,
      x: round(layout.x + position * pitch * Math.cos(radians)),
      y: round(layout.y + position * pitch * Math.sin(radians)),
      blocked: blocked.has(label),
    });
  }
  return seats;
}
