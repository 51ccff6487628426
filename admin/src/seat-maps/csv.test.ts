import { organizerTables, readAudit } from '@ticketing/booking/testing';
import { adminClient, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';
import { newEvent, putSeatMap } from '../testing/organizer.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;

beforeAll(async () => {
  app = await startAdminTestApp('admin_seat_map_csv');
  call = adminClient(app);
});
afterAll(async () => {
  await app.close();
});

const csvHeaders = (extra: Record<string, string> = {}) => ({ 'content-type': 'text/csv', ...extra });
const paths = (body: Record<string, unknown>) =>
  (body.errors as Array<{ path: string; code: string }>).map((e) => `${e.path}:${e.code}`);

describe('the seat map as CSV', () => {
  test('an export imports back to the same map, on the same event or a new one', async () => {
    const source = await newEvent(call);
    const designed = await putSeatMap(call, source.id);
    const exported = await call('GET', `/events/${source.id}/seat-map/csv`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.headers.get('etag')).toBe('"2"');
    const lines = exported.text.split('\r\n');
    expect(lines[0]).toBe('section,kind,row,seat,x,y,tier,price_cents,currency,blocked,capacity,order,geometry');
    expect(lines[1]).toBe(',,,,,,Standing,3500,EUR,,,,');
    expect(lines).toContain(
      'Stalls,reserved,,,,,Front,,,,,0,"{""x"":0,""y"":100,""shape"":""rect"",""width"":200,""height"":40}"',
    );
    expect(lines).toContain('Stalls,reserved,B,1,10,120,Back,,,true,,,');
    expect(lines).toContain('Floor,general,,,,,Standing,,,,50,2,"{""x"":0,""y"":0,""shape"":""rect""}"');
    expect(lines).toHaveLength(1 + 3 + 3 + 40 + 1);

    // Back onto its own event: the same map, so nothing changes at all.
    const before = await organizerTables(app.booking.sql());
    const same = await call('PUT', `/events/${source.id}/seat-map/csv`, {
      rawBody: exported.text,
      headers: csvHeaders({ 'if-match': '"2"' }),
    });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(designed);
    expect(await organizerTables(app.booking.sql())).toEqual(before);

    // Onto a new event: the same map with new ids, and it exports to the very same file.
    const copy = await newEvent(call);
    const imported = await call('PUT', `/events/${copy.id}/seat-map/csv`, {
      rawBody: exported.text,
      headers: csvHeaders(),
    });
    expect(imported.status).toBe(200);
    const withoutIds = (map: Record<string, unknown>): unknown =>
      JSON.parse(JSON.stringify(map, (k, v: unknown) => (k === 'id' ? undefined : v)));
    expect(withoutIds(imported.body)).toEqual(withoutIds(designed));
    const reexported = await call('GET', `/events/${copy.id}/seat-map/csv`);
    expect(reexported.text).toBe(exported.text);
    const audit = await readAudit(app.booking.sql(), 'event', copy.id);
    expect(audit.at(-1)).toMatchObject({ action: 'seat_map.replaced', details: { source: 'csv', version: 2 } });
  });

  test('a hand-made file: tier prices on any line, reserved sections without their own line', async () => {
    const event = await newEvent(call);
    const csv = [
      'section,row,seat,x,y,tier,price_cents,currency,blocked',
      'Main,A,1,0,0,Gold,12000,EUR,',
      'Main,A,2,10,0,Gold,,,no',
      'Main,A,3,20,0,Silver,8000,EUR,yes',
      '"Side, left",,7,,,Silver,,,',
      '',
    ].join('\n');
    const answer = await call('PUT', `/events/${event.id}/seat-map/csv`, { rawBody: csv, headers: csvHeaders() });
    expect(answer.status).toBe(200);
    const map = answer.body as {
      sections: Array<{ name: string; priceTier: string; capacity: number; rows: unknown[] }>;
    };
    expect(map.sections.map((s) => [s.name, s.priceTier, s.capacity])).toEqual([
      ['Main', 'Gold', 3],
      ['Side, left', 'Silver', 1],
    ]);
    expect(map.sections[0]?.rows).toEqual([
      {
        label: 'A',
        seats: [
          expect.objectContaining({ label: '1', priceTier: 'Gold', blocked: false }),
          expect.objectContaining({ label: '2', priceTier: 'Gold', blocked: false }),
          expect.objectContaining({ label: '3', priceTier: 'Silver', blocked: true, x: 20 }),
        ],
      },
    ]);
  });

  test('every problem is reported by line and column, and nothing changes', async () => {
    const event = await newEvent(call);
    const before = await organizerTables(app.booking.sql());
    const csv = [
      'section,kind,row,seat,x,y,tier,price_cents,currency,blocked,capacity,order,geometry',
      ',,,,,,Gold,ten,EUR,,,,',
      'Main,reserved,,,,,Gold,,,,,,{nope',
      'Main,reserved,A,1,left,0,Gold,,,maybe,,,',
      'Main,reserved,A,1,0,0,Platinum,,,,,,',
      'Main,reserved,A,,0,0,Gold,,,,,,',
      'Pit,general,,,,,Gold,,,,lots,,',
      ',,,,,,Gold,100,EUR,,,,',
    ].join('\r\n');
    const answer = await call('PUT', `/events/${event.id}/seat-map/csv`, { rawBody: csv, headers: csvHeaders() });
    expect([answer.status, answer.body.code]).toEqual([400, 'seat_map_invalid']);
    expect(paths(answer.body)).toEqual([
      '2.price_cents:not_an_integer',
      '3.geometry:invalid_geometry',
      '4.x:not_a_number',
      '4.blocked:not_a_boolean',
      '6.seat:seat_required',
      '7.capacity:not_an_integer',
      '5.tier:unknown_price_tier',
    ]);

    const rules = [
      'section,kind,row,seat,tier,price_cents,currency',
      'Main,reserved,A,1,Gold,100,EUR',
      'Main,reserved,A,1,Gold,,',
      'Main,reserved,A,2,Gold,200,EUR',
    ].join('\n');
    const ruled = await call('PUT', `/events/${event.id}/seat-map/csv`, { rawBody: rules, headers: csvHeaders() });
    expect([ruled.status, paths(ruled.body)]).toEqual([400, ['4.price_cents:tier_conflict']]);
    const duplicate = rules.split('\n').slice(0, 3).join('\n');
    const twice = await call('PUT', `/events/${event.id}/seat-map/csv`, { rawBody: duplicate, headers: csvHeaders() });
    expect([twice.status, paths(twice.body)]).toEqual([400, ['3.seat:duplicate_seat']]);

    const syntax = await call('PUT', `/events/${event.id}/seat-map/csv`, {
      rawBody: 'section,row,seat,tier\nMain,A,"1,Gold\n',
      headers: csvHeaders(),
    });
    expect([syntax.status, paths(syntax.body)]).toEqual([400, ['2.:csv_syntax']]);
    const header = await call('PUT', `/events/${event.id}/seat-map/csv`, {
      rawBody: 'section,colour\nMain,red\n',
      headers: csvHeaders(),
    });
    expect(paths(header.body)).toEqual([
      '1.colour:unknown_column',
      '1.row:missing_column',
      '1.seat:missing_column',
      '1.tier:missing_column',
    ]);
    const json = await call('PUT', `/events/${event.id}/seat-map/csv`, { body: { csv: 'x' } });
    expect([json.status, json.body.code]).toEqual([415, 'unsupported_media_type']);
    const empty = await call('PUT', `/events/${event.id}/seat-map/csv`, { rawBody: '', headers: csvHeaders() });
    expect([empty.status, empty.body.code]).toEqual([400, 'validation_failed']);
    expect(await organizerTables(app.booking.sql())).toEqual(before);
  });
});
