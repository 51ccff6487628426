import { addReading, sellOutSeconds, type DropStats } from './drop-stats.ts';

const stats = (at: string, sold: number): DropStats => ({
  dropId: 'd',
  at,
  queue: { available: true, waiting: 10, releasedPerMinute: 60 },
  seats: { available: 100 - sold, held: 0, sold },
  holds: { live: 0 },
  revenue: [],
});

describe('the dashboard’s pace', () => {
  it('estimates the sell-out from the recent pace', () => {
    let readings = addReading([], stats('2030-01-01T00:00:00Z', 0));
    readings = addReading(readings, stats('2030-01-01T00:01:00Z', 10));
    expect(sellOutSeconds(readings, 90)).toBe(540);
  });
  it('says nothing while nothing sells', () => {
    const readings = addReading([], stats('2030-01-01T00:00:00Z', 0));
    expect(sellOutSeconds(readings, 90)).toBeNull();
  });
});
