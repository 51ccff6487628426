import { checkLayout, layoutRow, numberSeats } from './layout.ts';

const row = { x: 0, y: 0 };

describe('numbering a row of seats, from the left', () => {
  test.each([
    ['consecutive', 'left_to_right', undefined, [1, 2, 3, 4, 5]],
    ['consecutive', 'right_to_left', undefined, [5, 4, 3, 2, 1]],
    ['consecutive', 'left_to_right', 101, [101, 102, 103, 104, 105]],
    ['odd', 'left_to_right', undefined, [1, 3, 5, 7, 9]],
    ['odd', 'right_to_left', undefined, [9, 7, 5, 3, 1]],
    ['even', 'left_to_right', undefined, [2, 4, 6, 8, 10]],
    ['even', 'right_to_left', 12, [20, 18, 16, 14, 12]],
    ['odd_even', 'left_to_right', undefined, [5, 3, 1, 2, 4]],
    ['odd_even', 'right_to_left', undefined, [4, 2, 1, 3, 5]],
  ] as const)('%s %s from %s', (numbering, direction, start, expected) => {
    expect(numberSeats({ count: 5, numbering, direction, start })).toEqual(expected);
  });

  test('odd_even with an even count: the odd side from the centre, then the even side', () => {
    expect(numberSeats({ count: 6, numbering: 'odd_even' })).toEqual([5, 3, 1, 2, 4, 6]);
  });
});

describe('laying a row out', () => {
  test('a gap is a position with no seat that uses up no number', () => {
    const seats = layoutRow({ ...row, count: 4, gaps: [2], pitch: 5 });
    expect(seats.map((s) => [s.label, s.x, s.y])).toEqual([
      ['1', 0, 0],
      ['2', 5, 0],
      ['3', 15, 0],
      ['4', 20, 0],
    ]);
  });

  test('an angled row runs along its angle; blocked seats are marked', () => {
    const seats = layoutRow({ x: 100, y: 50, count: 3, angle: 90, blocked: ['2'] });
    expect(seats).toEqual([
      { label: '1', x: 100, y: 50, blocked: false },
      { label: '2', x: 100, y: 60, blocked: true },
      { label: '3', x: 100, y: 70, blocked: false },
    ]);
    expect(layoutRow({ x: 0, y: 0, count: 2, angle: 30 })[1]).toEqual({ label: '2', x: 8.66, y: 5, blocked: false });
  });

  test('every problem of a layout is named', () => {
    expect(
      checkLayout({ ...row, count: 3, numbering: 'odd', start: 2, gaps: [1, 1, 7], blocked: ['2', '9'] }).map(
        (issue) => `${issue.path}:${issue.code}`,
      ),
    ).toEqual(['start:start_not_odd', 'gaps.1:duplicate_gap', 'gaps.2:gap_outside_row', 'blocked.1:unknown_seat']);
    expect(checkLayout({ ...row, count: 3, numbering: 'even', start: 3 }).map((i) => i.code)).toEqual([
      'start_not_even',
    ]);
    expect(checkLayout({ ...row, count: 3, gaps: [3] })).toEqual([]);
  });
});
