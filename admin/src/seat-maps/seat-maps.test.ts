import {
  createDrop,
  createHold,
  organizerTables,
  readAudit,
  readEventSeatRows,
  readOutbox,
} from '@ticketing/booking/testing';
import { adminClient, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';
import { newEvent, putSeatMap, sampleSeatMap } from '../testing/organizer.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;

beforeAll(async () => {
  app = await startAdminTestApp('admin_seat_maps');
  call = adminClient(app);
});
afterAll(async () => {
  await app.close();
});

interface Seat {
  id: string;
  label: string;
  x: number | null;
  y: number | null;
  priceTier: string;
  blocked: boolean;
}
interface Section {
  id: string;
  name: string;
  kind: string;
  priceTier: string;
  capacity: number;
  sortOrder: number;
  geometry: Record<string, unknown>;
  rows: Array<{ label: string; seats: Seat[] }>;
}
interface SeatMap {
  priceTiers: Array<{ id: string; name: string; priceCents: number; currency: string }>;
  sections: Section[];
}

const sectionOf = (map: SeatMap, name: string) => {
  const section = map.sections.find((s) => s.name === name);
  if (!section) throw new Error(`no section ${name}`);
  return section;
};
const paths = (body: Record<string, unknown>) =>
  (body.errors as Array<{ path: string; code: string }>).map((e) => `${e.path}:${e.code}`).sort();

describe('saving a whole seat map', () => {
  test('PUT stores tiers, reserved rows (listed or laid out) and general admission, and GET reads the same back', async () => {
    const event = await newEvent(call);
    const saved = (await putSeatMap(call, event.id)) as unknown as SeatMap;
    expect(saved.priceTiers.map((t) => [t.name, t.priceCents, t.currency])).toEqual([
      ['Standing', 3_500, 'EUR'],
      ['Back', 5_000, 'EUR'],
      ['Front', 9_000, 'EUR'],
    ]);
    expect(saved.sections.map((s) => [s.name, s.kind, s.priceTier, s.capacity, s.sortOrder])).toEqual([
      ['Stalls', 'reserved', 'Front', 20, 0],
      ['Balcony', 'reserved', 'Back', 20, 1],
      ['Floor', 'general', 'Standing', 50, 2],
    ]);
    const stalls = sectionOf(saved, 'Stalls');
    expect(stalls.geometry).toEqual({ shape: 'rect', x: 0, y: 100, width: 200, height: 40 });
    expect(stalls.rows.map((r) => r.label)).toEqual(['A', 'B']);
    expect(stalls.rows[1]?.seats[0]).toMatchObject({ label: '1', x: 10, y: 120, priceTier: 'Back', blocked: true });
    expect(stalls.rows[0]?.seats[9]).toMatchObject({ label: '10', x: 100, y: 110, priceTier: 'Front', blocked: false });

    // odd_even from the centre, with an aisle after the tenth position: 19 17 ... 1 | 2 4 ... 20
    const balcony = sectionOf(saved, 'Balcony').rows[0]?.seats ?? [];
    const byX = [...balcony].sort((a, b) => (a.x ?? 0) - (b.x ?? 0));
    expect(byX.map((s) => s.label)).toEqual([
      '19',
      '17',
      '15',
      '13',
      '11',
      '9',
      '7',
      '5',
      '3',
      '1',
      '2',
      '4',
      '6',
      '8',
      '10',
      '12',
      '14',
      '16',
      '18',
      '20',
    ]);
    expect(byX.map((s) => s.x)).toEqual([
      0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200,
    ]);
    expect(sectionOf(saved, 'Floor').rows).toEqual([]);

    const seats = await readEventSeatRows(app.booking.sql(), event.id);
    expect(seats).toHaveLength(90);
    expect(
      seats
        .filter((s) => s.section === 'Floor')
        .map((s) => s.label)
        .slice(0, 2),
    ).toEqual(['GA-0001', 'GA-0002']);
    expect(seats.filter((s) => s.status === 'blocked')).toHaveLength(1);

    const read = await call('GET', `/events/${event.id}/seat-map`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"2"');
    expect(read.body).toEqual(saved);

    const messages = (await readOutbox(app.booking.sql(), 'seatmap.changed')).filter(
      (m) => m.data.eventId === event.id,
    );
    expect(messages.map((m) => m.data)).toEqual([
      { eventId: event.id, version: 2, status: 'draft', sections: 3, seats: 90 },
    ]);
    const audit = await readAudit(app.booking.sql(), 'event', event.id);
    expect(audit.map((a) => a.action)).toEqual(['event.created', 'seat_map.replaced']);
    expect(audit[1]?.details).toMatchObject({
      version: 2,
      source: 'json',
      seats: { added: 90, changed: 0, removed: 0 },
    });
  });

  test('saving what GET answered changes nothing; a change keeps the ids of what stays', async () => {
    const event = await newEvent(call);
    const first = (await putSeatMap(call, event.id)) as unknown as SeatMap;
    const before = await organizerTables(app.booking.sql());
    const again = await call('PUT', `/events/${event.id}/seat-map`, { body: first, headers: { 'if-match': '"2"' } });
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe('"2"');
    expect(await organizerTables(app.booking.sql())).toEqual(before);

    // Rename a section, move a seat, repaint a row, drop the last row seat, grow the floor, remove a tier.
    const changed = structuredClone(first);
    const stalls = sectionOf(changed, 'Stalls');
    stalls.name = 'Front stalls';
    const rowA = stalls.rows[0];
    if (!rowA) throw new Error('no row A');
    rowA.seats[0] = { ...rowA.seats[0]!, x: 5 };
    rowA.seats.pop();
    for (const seat of stalls.rows[1]?.seats ?? []) seat.priceTier = 'Front';
    stalls.capacity = 19;
    sectionOf(changed, 'Floor').capacity = 60;
    changed.priceTiers = changed.priceTiers.filter((t) => t.name !== 'Back');
    sectionOf(changed, 'Balcony').priceTier = 'Front';
    for (const seat of sectionOf(changed, 'Balcony').rows[0]?.seats ?? []) seat.priceTier = 'Front';
    const saved = await call('PUT', `/events/${event.id}/seat-map`, { body: changed, headers: { 'if-match': '"2"' } });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe('"3"');
    const map = saved.body as unknown as SeatMap;
    expect(sectionOf(map, 'Front stalls').id).toBe(sectionOf(first, 'Stalls').id);
    expect(sectionOf(map, 'Front stalls').rows[0]?.seats[0]).toEqual({ ...rowA.seats[0], x: 5 });
    expect(sectionOf(map, 'Front stalls').capacity).toBe(19);
    expect(sectionOf(map, 'Floor').capacity).toBe(60);
    expect(map.priceTiers.map((t) => t.name)).toEqual(['Standing', 'Front']);
    const audit = await readAudit(app.booking.sql(), 'event', event.id);
    expect(audit.at(-1)?.details).toMatchObject({
      version: 3,
      priceTiers: { added: 0, changed: 0, removed: 1 },
      sections: { added: 0, changed: 3, removed: 0 },
      seats: { added: 10, removed: 1 },
    });

    // The save against the old version is refused, and so is a stale If-Match on the event itself.
    const stale = await call('PUT', `/events/${event.id}/seat-map`, { body: first, headers: { 'if-match': '"2"' } });
    expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([409, 'version_mismatch', 3]);
  });

  test('every broken rule of the map is reported with its path, and nothing changes', async () => {
    const event = await newEvent(call);
    const before = await organizerTables(app.booking.sql());
    const map = sampleSeatMap();
    const broken = {
      priceTiers: [...map.priceTiers, { name: 'Front', priceCents: 1, currency: 'EUR' }],
      sections: [
        {
          ...map.sections[0],
          rows: [
            { label: 'A', seats: [{ label: '1' }, { label: '1', priceTier: 'Gold' }] },
            { label: 'A', layout: { count: 5, start: 2, numbering: 'odd', gaps: [9], blocked: ['7'], x: 0, y: 0 } },
          ],
        },
        { name: 'Floor', kind: 'general', priceTier: 'Standing' },
        { name: 'Floor', kind: 'general', priceTier: 'Nowhere', capacity: 5 },
      ],
    };
    const answer = await call('PUT', `/events/${event.id}/seat-map`, { body: broken });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('seat_map_invalid');
    expect(paths(answer.body)).toEqual([
      'priceTiers.3.name:duplicate_name',
      'sections.0.rows.0.seats.1.label:duplicate_seat',
      'sections.0.rows.0.seats.1.priceTier:unknown_price_tier',
      'sections.0.rows.1.label:duplicate_row',
      'sections.0.rows.1.layout.blocked.0:unknown_seat',
      'sections.0.rows.1.layout.gaps.0:gap_outside_row',
      'sections.0.rows.1.layout.start:start_not_odd',
      'sections.1.capacity:capacity_required',
      'sections.2.name:duplicate_name',
      'sections.2.priceTier:unknown_price_tier',
    ]);

    const shapes = await call('PUT', `/events/${event.id}/seat-map`, {
      body: { priceTiers: [{ name: '', priceCents: -1, currency: 'eur' }], sections: [{ kind: 'box', rows: [{}] }] },
    });
    expect(shapes.status).toBe(400);
    expect(shapes.body.code).toBe('validation_failed');
    expect((shapes.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual([
      'priceTiers.0.currency',
      'priceTiers.0.name',
      'priceTiers.0.priceCents',
      'sections.0.kind',
      'sections.0.name',
      'sections.0.priceTier',
      'sections.0.rows.0.label',
    ]);
    const unknownId = await call('PUT', `/events/${event.id}/seat-map`, {
      body: { ...map, sections: [{ ...map.sections[2], id: '00000000-0000-4000-8000-000000000001' }] },
    });
    expect([unknownId.status, unknownId.body.code, paths(unknownId.body)]).toEqual([
      400,
      'seat_map_invalid',
      ['sections.0.id:unknown_id'],
    ]);
    expect(await organizerTables(app.booking.sql())).toEqual(before);
  });

  test('a map with held or sold seats, or of an event on sale, is final: 409 seat_map_locked', async () => {
    const event = await newEvent(call);
    await putSeatMap(call, event.id);
    const seats = await readEventSeatRows(app.booking.sql(), event.id);
    const drop = await createDrop(app.booking.sql(), event.id);
    const hold = await createHold(app.booking.sql(), drop, { userId: 'fan-1', seatIds: [seats[0]!.id] });
    const before = await organizerTables(app.booking.sql());
    const changed = { ...sampleSeatMap(), sections: sampleSeatMap().sections.slice(1) };
    const held = await call('PUT', `/events/${event.id}/seat-map`, { body: changed });
    expect([held.status, held.body.code, held.body.reason, held.body.held]).toEqual([
      409,
      'seat_map_locked',
      'seats_held_or_sold',
      1,
    ]);
    const eventView = await call('GET', `/events/${event.id}`);
    expect(eventView.body.seatMap).toMatchObject({ heldOrSold: 1, editable: false });
    expect(await organizerTables(app.booking.sql())).toEqual(before);

    // Released, the seat still has a hold in its past: the map may change, but not lose that seat.
    await app.booking
      .sql()
      .execute(`UPDATE seats SET status = 'available', hold_id = NULL, held_until = NULL WHERE id = ?`, [seats[0]!.id]);
    await app.booking.sql().execute(`UPDATE holds SET status = 'released', ended_at = now() WHERE id = ?`, [hold.id]);
    const removes = await call('PUT', `/events/${event.id}/seat-map`, { body: changed });
    expect([removes.status, removes.body.code, removes.body.reason, removes.body.seats]).toEqual([
      409,
      'seat_map_locked',
      'removes_seats_with_orders',
      [seats[0]!.id],
    ]);
    const keeps = await call('PUT', `/events/${event.id}/seat-map`, {
      body: { ...sampleSeatMap(), sections: sampleSeatMap().sections.slice(0, 1) },
    });
    expect(keeps.status).toBe(200);

    for (const step of ['publish', 'open-sale']) {
      expect((await call('POST', `/events/${event.id}/${step}`)).status).toBe(200);
    }
    const onSale = await call('PUT', `/events/${event.id}/seat-map`, { body: sampleSeatMap() });
    expect([onSale.status, onSale.body.code, onSale.body.reason]).toEqual([409, 'seat_map_locked', 'event_status']);
  });

  test('a seat map as big as an arena saves in one request', async () => {
    const event = await newEvent(call);
    const rows = Array.from({ length: 100 }, (_, r) => ({
      label: `R${r + 1}`,
      layout: { count: 100, x: 0, y: r * 10 },
    }));
    const map = {
      priceTiers: [{ name: 'All', priceCents: 1_000, currency: 'EUR' }],
      sections: [
        { name: 'Bowl', kind: 'reserved', priceTier: 'All', rows },
        { name: 'Pit', kind: 'general', priceTier: 'All', capacity: 5_000 },
      ],
    };
    const started = Date.now();
    const saved = await call('PUT', `/events/${event.id}/seat-map`, { body: map });
    expect(saved.status).toBe(200);
    expect((saved.body as unknown as SeatMap).sections.map((s) => s.capacity)).toEqual([10_000, 5_000]);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
