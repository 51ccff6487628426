import { buildDocument, decodeSeat, encodeSeat, effectiveStatus, type SeatEntry } from './document.ts';
import { parseEventId } from './stream-hub.ts';

const now = Date.UTC(2031, 0, 1);
const seat = (seatId: string, overrides: Partial<SeatEntry> = {}): SeatEntry => ({
  seatId,
  sectionId: 'stalls',
  status: 'available',
  version: 1,
  heldUntilMs: null,
  ...overrides,
});

test('a seat survives the cache encoding', () => {
  const held = seat('s1', { status: 'held', version: 7, heldUntilMs: now + 5_000 });
  expect(decodeSeat('s1', encodeSeat(held))).toEqual(held);
  expect(decodeSeat('s2', encodeSeat(seat('s2', { status: 'sold', version: 12 })))).toEqual(
    seat('s2', { status: 'sold', version: 12 }),
  );
});

test('a hold whose time is up counts as available, as PostgreSQL counts it', () => {
  expect(effectiveStatus(seat('a', { status: 'held', heldUntilMs: now }), now)).toBe('available');
  expect(effectiveStatus(seat('a', { status: 'held', heldUntilMs: now + 1 }), now)).toBe('held');
  expect(effectiveStatus(seat('a', { status: 'held', heldUntilMs: null }), now)).toBe('held');
});

test('the document counts per section, names unavailable reserved seats in order, and expires with the next lapse', () => {
  const built = buildDocument(
    'event',
    [
      { sectionId: 'stalls', kind: 'reserved', capacity: 4 },
      { sectionId: 'floor', kind: 'general', capacity: 2 },
    ],
    [
      seat('d', { status: 'sold' }),
      seat('b', { status: 'held', heldUntilMs: now + 9_000 }),
      seat('c', { status: 'held', heldUntilMs: now - 1 }),
      seat('a', { status: 'blocked' }),
      seat('g1', { sectionId: 'floor', status: 'held', heldUntilMs: now + 3_000 }),
      seat('g2', { sectionId: 'floor' }),
    ],
    now,
    'e-4',
  );
  expect(built.document).toEqual({
    eventId: 'event',
    lastEventId: 'e-4',
    sections: [
      { sectionId: 'stalls', kind: 'reserved', capacity: 4, available: 1, held: 1, sold: 1, blocked: 1 },
      { sectionId: 'floor', kind: 'general', capacity: 2, available: 1, held: 1, sold: 0, blocked: 0 },
    ],
    seats: { a: 'blocked', b: 'held', d: 'sold' },
  });
  expect(Object.keys(built.document.seats)).toEqual(['a', 'b', 'd']);
  expect(built.validUntilMs).toBe(now + 3_000);
});

test('stream positions parse only in the form the stream writes', () => {
  expect(parseEventId('3f9a1c2e-1042')).toEqual({ epoch: '3f9a1c2e', seq: 1042 });
  for (const bad of [null, '', 'garbage', '3f9a-', '-12', 'XYZ-1', '3f9a-1-2'])
    expect(parseEventId(bad)).toBeUndefined();
});
