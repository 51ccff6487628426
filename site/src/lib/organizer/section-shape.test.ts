import { addGeneral, addReserved, addTier, type DesignMap } from './design-map.ts';
import { amend, record, redo, startHistory, undo } from './edit-history.ts';
import { addRow, boxOf, moveSection, shapeOf, shapeSection } from './section-shape.ts';

function stalls(): DesignMap {
  const map = addTier({ priceTiers: [], sections: [] }, { name: 'Front', priceCents: 5000, currency: 'EUR' });
  return addReserved(map, { name: 'Stalls', rows: 2, seatsPerRow: 5, numbering: 'left_to_right', priceTier: 'Front' });
}

const seatsOf = (map: DesignMap, section = 0) => map.sections[section]!.rows.map((r) => r.seats.map((s) => [s.x, s.y]));

describe('a section as a block', () => {
  it('moves with its box and every seat', () => {
    const map = stalls();
    const moved = moveSection(map, 0, 30, -20);
    expect(boxOf(moved.sections[0]!)).toEqual({ ...boxOf(map.sections[0]!), x: 30, y: -20 });
    expect(seatsOf(moved)[0]![0]).toEqual([35, -15]);
    expect(moveSection(map, 0, 0, 0)).toBe(map);
    const floor = addGeneral(map, { name: 'Floor', capacity: 10, priceTier: 'Front' });
    expect(boxOf(moveSection(floor, 1, 10, 0).sections[1]!).x).toBe(10);
  });

  it('curves every row: the ends bend towards the stage, the middle stays, the block stays centred', () => {
    const map = stalls();
    const before = boxOf(map.sections[0]!);
    const curved = shapeSection(map, 0, { curve: 20 });
    const row = seatsOf(curved)[0]!;
    expect(shapeOf(curved.sections[0]!)).toEqual({ curve: 20, angle: 0 });
    // The two ends are 20 units nearer the stage than the middle seat, and mirror each other.
    expect(row[2]![1]! - row[0]![1]!).toBeCloseTo(20);
    expect(row[0]![1]).toBeCloseTo(row[4]![1]!);
    expect(row[2]![0]! - row[0]![0]!).toBeCloseTo(20);
    const after = boxOf(curved.sections[0]!);
    expect(after.height).toBeCloseTo(before.height + 20);
    expect(after.x + after.width / 2).toBeCloseTo(before.x + before.width / 2);
    expect(after.y + after.height / 2).toBeCloseTo(before.y + before.height / 2);
    // Straight again gives the seats back where they were.
    expect(seatsOf(shapeSection(curved, 0, { curve: 0 }))).toEqual(seatsOf(map));
  });

  it('turns the rows by an angle, and keeps the curve and the angle within bounds', () => {
    const turned = shapeSection(stalls(), 0, { angle: 90 });
    const row = seatsOf(turned)[0]!;
    expect(row[0]![0]).toBeCloseTo(row[4]![0]!);
    expect(row[4]![1]! - row[0]![1]!).toBeCloseTo(40);
    expect(shapeOf(shapeSection(stalls(), 0, { curve: 1000, angle: -400 }).sections[0]!)).toEqual({
      curve: 100,
      angle: -90,
    });
    const floor = addGeneral(stalls(), { name: 'Floor', capacity: 10, priceTier: 'Front' });
    expect(shapeSection(floor, 1, { curve: 10 })).toBe(floor);
  });

  it('adds a row at the back, numbered and shaped like the rest, leaving the front rows in place', () => {
    const map = shapeSection(stalls(), 0, { curve: 10 });
    const grown = addRow(map, 0, 5, 'right_to_left');
    const section = grown.sections[0]!;
    expect(section.rows.map((r) => r.label)).toEqual(['A', 'B', 'C']);
    expect(section.rows[2]!.seats.map((s) => s.label)).toEqual(['5', '4', '3', '2', '1']);
    expect(seatsOf(grown).slice(0, 2)).toEqual(seatsOf(map));
    expect(section.rows[2]!.seats[2]!.y).toBeCloseTo(section.rows[1]!.seats[2]!.y + 10);
    expect(addRow(map, 0, 0, 'left_to_right')).toBe(map);
  });
});

describe('one gesture, one undo step', () => {
  it('amends the present while a drag goes on, so undo takes the section back to where the drag began', () => {
    const start = stalls();
    let history = record(startHistory(start), moveSection(start, 0, 1, 0));
    history = amend(history, moveSection(history.present, 0, 5, 0));
    history = amend(history, moveSection(history.present, 0, 4, 2));
    expect(boxOf(history.present.sections[0]!)).toMatchObject({ x: 10, y: 2 });
    expect(history.past).toHaveLength(1);
    expect(undo(history).present).toBe(start);
    expect(redo(undo(history)).present).toBe(history.present);
  });
});
