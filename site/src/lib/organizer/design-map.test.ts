import { addGeneral, addReserved, addTier, seatCount, seatLabels, toggleBlocked, toPreview } from './design-map.ts';
import { record, redo, startHistory, undo } from './edit-history.ts';

const empty = { priceTiers: [], sections: [] };

describe('the seat-map designer’s edits', () => {
  it('numbers seats left to right, right to left, and odd/even from the centre', () => {
    expect(seatLabels(4, 'left_to_right')).toEqual(['1', '2', '3', '4']);
    expect(seatLabels(3, 'right_to_left')).toEqual(['3', '2', '1']);
    expect(seatLabels(5, 'odd_even')).toEqual(['5', '3', '1', '2', '4']);
  });

  it('adds tiers, reserved sections and a standing area, stacked under each other', () => {
    let map = addTier(empty, { name: 'Front', priceCents: 9000, currency: 'EUR' });
    map = addReserved(map, { name: 'Stalls', rows: 2, seatsPerRow: 3, numbering: 'left_to_right', priceTier: 'Front' });
    map = addReserved(map, { name: 'Circle', rows: 1, seatsPerRow: 4, numbering: 'odd_even', priceTier: 'Front' });
    map = addGeneral(map, { name: 'Floor', capacity: 50, priceTier: 'Front' });
    expect(map.sections.map((s) => s.name)).toEqual(['Stalls', 'Circle', 'Floor']);
    expect(map.sections[0]!.rows.map((r) => r.label)).toEqual(['A', 'B']);
    const tops = map.sections.map((s) => s.geometry.y as number);
    expect(tops[1]).toBeGreaterThan(tops[0]!);
    expect(tops[2]).toBeGreaterThan(tops[1]!);
    expect(seatCount(map)).toEqual({ seats: 10, blocked: 0, standing: 50 });
    const preview = toPreview(map, 'e1');
    expect(preview.sections[2]).toMatchObject({ kind: 'general', capacity: 50, rows: [] });
    expect(preview.sections[0]!.rows[1]!.seats[2]!.id).toBe('0.1.2');
  });

  it('blocks and unblocks a seat, with undo and redo', () => {
    const base = addReserved(empty, { name: 'S', rows: 1, seatsPerRow: 2, numbering: 'left_to_right', priceTier: 'T' });
    let history = startHistory(base);
    history = record(history, toggleBlocked(history.present, '0.0.1'));
    expect(history.present.sections[0]!.rows[0]!.seats[1]!.blocked).toBe(true);
    history = undo(history);
    expect(history.present).toBe(base);
    history = redo(history);
    expect(seatCount(history.present).blocked).toBe(1);
  });
});
