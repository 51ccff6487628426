import type { SeatMap } from './catalog.ts';
import { layoutSeatMap } from './seat-layout.ts';

const seat = (id: string, label: string, x: number | null = null, y: number | null = null) => ({
  id,
  label,
  x,
  y,
  priceTierId: 'tier',
});

const map = (drawn: boolean): SeatMap => ({
  eventId: 'event',
  priceTiers: [{ id: 'tier', name: 'Stalls', priceCents: 1_000, currency: 'EUR' }],
  sections: [
    {
      id: 'stalls',
      name: 'Stalls',
      kind: 'reserved',
      priceTierId: 'tier',
      capacity: 5,
      geometry: drawn ? { shape: 'rect', x: 0, y: 100, width: 30, height: 20 } : {},
      sortOrder: 2,
      rows: [
        { label: 'A', seats: [seat('a1', '1', 5, 105), seat('a2', '2', 15, 105), seat('a3', '3', 25, 105)] },
        { label: 'B', seats: [seat('b1', '1', 5, 115), seat('b2', '2', 15, 115)] },
      ].map((row) => (drawn ? row : { ...row, seats: row.seats.map((s) => ({ ...s, x: null, y: null })) })),
    },
    {
      id: 'floor',
      name: 'Floor',
      kind: 'general',
      priceTierId: 'tier',
      capacity: 100,
      geometry: drawn ? { shape: 'rect', x: 0, y: 40, width: 30, height: 40 } : {},
      sortOrder: 1,
      rows: [],
    },
  ],
});

describe('the seat map layout', () => {
  it("uses the organizer's drawing, with the stage above everything", () => {
    const layout = layoutSeatMap(map(true));
    expect(layout.sections.map((s) => s.id)).toEqual(['floor', 'stalls']);
    expect(layout.seats.map((s) => [s.id, s.x, s.y])).toContainEqual(['b2', 15, 115]);
    expect(layout.stage.y + layout.stage.height).toBeLessThan(40);
    expect(layout.bounds.y).toBeLessThan(layout.stage.y);
  });

  it('lays out a map without a drawing as a grid, sections stacked', () => {
    const layout = layoutSeatMap(map(false));
    const floor = layout.sections.find((s) => s.id === 'floor')!;
    const stalls = layout.sections.find((s) => s.id === 'stalls')!;
    expect(stalls.box.y).toBeGreaterThan(floor.box.y + floor.box.height);
    const b1 = layout.seats.find((s) => s.id === 'b1')!;
    const a1 = layout.seats.find((s) => s.id === 'a1')!;
    expect(b1.x).toBe(a1.x);
    expect(b1.y).toBeGreaterThan(a1.y);
  });

  it('links each seat to its neighbours for the arrow keys, across rows of different lengths', () => {
    const { seats } = layoutSeatMap(map(true));
    const at = (id: string) => seats.findIndex((s) => s.id === id);
    const a3 = seats[at('a3')]!;
    expect(a3.left).toBe(at('a2'));
    expect(a3.right).toBe(-1);
    expect(a3.down).toBe(at('b2'));
    expect(seats[at('b1')]!.up).toBe(at('a1'));
    expect(seats[at('b2')]!.down).toBe(-1);
  });
});
