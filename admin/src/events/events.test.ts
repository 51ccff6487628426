import { createEvent as createEventRow, organizerTables, readAudit, readOutbox } from '@ticketing/booking/testing';
import { admin, adminClient, organizer, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';
import { inDays, newEvent, newVenue, putSeatMap } from '../testing/organizer.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;

beforeAll(async () => {
  app = await startAdminTestApp('admin_events');
  call = adminClient(app);
});
afterAll(async () => {
  await app.close();
});

const changesOf = async (eventId: string) =>
  (await readOutbox(app.booking.sql(), 'event.changed')).filter((m) => m.data.eventId === eventId).map((m) => m.data);
const paths = (body: Record<string, unknown>) =>
  (body.errors as Array<{ path: string; code: string }>).map((e) => `${e.path}:${e.code}`).sort();

describe('creating and editing events', () => {
  test('create: a draft at one of my venues, with its message and audit row', async () => {
    const venue = await newVenue(call);
    const startsAt = inDays(20);
    const created = await call('POST', '/events', {
      body: { venueId: venue.id, name: ' Spring Gala ', description: 'Strings', startsAt },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/events/${id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      organizerId: 'organizer-1',
      name: 'Spring Gala',
      description: 'Strings',
      status: 'draft',
      startsAt,
      endsAt: null,
      version: 1,
      venue: { id: venue.id, name: 'Harbour Hall', city: 'Porto', timezone: 'Europe/Lisbon' },
      seatMap: { priceTiers: 0, sections: 0, seats: 0, heldOrSold: 0, editable: true },
      drops: 0,
    });
    expect(await changesOf(id)).toEqual([{ eventId: id, version: 1, status: 'draft' }]);
    const audit = await readAudit(app.booking.sql(), 'event', id);
    expect(audit.map((a) => [a.actor_id, a.action])).toEqual([['organizer-1', 'event.created']]);
    expect(audit[0]?.details).toMatchObject({ version: 1, fields: { name: 'Spring Gala', startsAt } });
    expect((await call('GET', `/events/${id}`)).body).toEqual(created.body);
  });

  test('list: my events, soonest first, optionally by status; an admin sees everyone’s', async () => {
    const mine = await newEvent(call, organizer('organizer-list'), { startsAt: inDays(40) });
    const sooner = await newEvent(call, organizer('organizer-list'), { startsAt: inDays(10) });
    const theirs = await newEvent(call, organizer('organizer-other'));
    const listed = await call('GET', '/events', { as: organizer('organizer-list') });
    expect((listed.body.events as Array<{ id: string }>).map((e) => e.id)).toEqual([sooner.id, mine.id]);
    const published = await call('GET', '/events?status=published', { as: organizer('organizer-list') });
    expect(published.body.events).toEqual([]);
    const bad = await call('GET', '/events?status=sold', { as: organizer('organizer-list') });
    expect([bad.status, paths(bad.body)]).toEqual([400, ['status:invalid_value']]);
    const all = await call('GET', '/events', { as: admin() });
    expect((all.body.events as Array<{ id: string }>).map((e) => e.id)).toEqual(
      expect.arrayContaining([mine.id, sooner.id, theirs.id]),
    );
  });

  test('every invalid field is reported at once, and the dates must make sense', async () => {
    const venue = await newVenue(call);
    const elsewhere = await newVenue(call, organizer('organizer-2'));
    const before = await organizerTables(app.booking.sql());
    const bad = await call('POST', '/events', {
      body: { venueId: 'nope', name: '', startsAt: 'soon', endsAt: 5, colour: 'red' },
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
    expect(paths(bad.body)).toEqual([
      ':unrecognized_keys',
      'endsAt:invalid_type',
      'name:too_small',
      'startsAt:invalid_format',
      'venueId:invalid_format',
    ]);
    const dates = await call('POST', '/events', {
      body: { venueId: venue.id, name: 'Past', startsAt: inDays(-1), endsAt: inDays(-2) },
    });
    expect([dates.status, dates.body.code, paths(dates.body)]).toEqual([
      400,
      'event_dates_invalid',
      ['endsAt:ends_before_starts', 'startsAt:starts_in_past'],
    ]);
    const foreignVenue = await call('POST', '/events', {
      body: { venueId: elsewhere.id, name: 'Borrowed', startsAt: inDays(3) },
    });
    expect([foreignVenue.status, foreignVenue.body.code]).toEqual([404, 'venue_not_found']);
    expect(await organizerTables(app.booking.sql())).toEqual(before);
  });

  test('edit: while a draft, with If-Match; a change that changes nothing writes nothing', async () => {
    const event = await newEvent(call);
    const other = await newVenue(call, undefined, { name: 'Annex', timezone: 'Europe/Madrid' });
    const edited = await call('PATCH', `/events/${event.id}`, {
      headers: { 'if-match': '"1"' },
      body: { name: 'Late Concert', venueId: other.id, endsAt: null },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Late Concert', endsAt: null, version: 2, venue: { name: 'Annex' } });
    const audit = await readAudit(app.booking.sql(), 'event', event.id);
    expect(audit.at(-1)?.details).toMatchObject({
      version: 2,
      changes: { name: { from: 'Night Concert', to: 'Late Concert' }, venueId: { to: other.id } },
    });
    const before = await organizerTables(app.booking.sql());
    const same = await call('PATCH', `/events/${event.id}`, { body: { name: 'Late Concert' } });
    expect(same.body.version).toBe(2);
    const stale = await call('PATCH', `/events/${event.id}`, { headers: { 'if-match': '"1"' }, body: { name: 'X' } });
    expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([409, 'version_mismatch', 2]);
    const empty = await call('PATCH', `/events/${event.id}`, { body: {} });
    expect([empty.status, empty.body.code]).toEqual([400, 'validation_failed']);
    const ends = await call('PATCH', `/events/${event.id}`, { body: { endsAt: inDays(1) } });
    expect([ends.status, paths(ends.body)]).toEqual([400, ['endsAt:ends_before_starts']]);
    expect(await organizerTables(app.booking.sql())).toEqual(before);
  });
});

describe('the lifecycle: draft, published, on sale, ended', () => {
  test('publish needs seats, open-sale needs a drop, end pauses the drops; each once, in order', async () => {
    const event = await newEvent(call);
    const early = await call('POST', `/events/${event.id}/publish`);
    expect([early.status, early.body.code]).toEqual([409, 'seat_map_empty']);
    await putSeatMap(call, event.id);
    const published = await call('POST', `/events/${event.id}/publish`, { headers: { 'if-match': '"2"' } });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', version: 3, seatMap: { seats: 90, editable: true } });
    expect((await call('POST', `/events/${event.id}/publish`)).body.version).toBe(3);
    const edit = await call('PATCH', `/events/${event.id}`, { body: { name: 'Renamed' } });
    expect([edit.status, edit.body.code, edit.body.eventStatus]).toEqual([409, 'event_not_draft', 'published']);

    const noDrop = await call('POST', `/events/${event.id}/open-sale`);
    expect([noDrop.status, noDrop.body.code]).toEqual([409, 'event_has_no_drops']);
    const drop = await call('POST', `/events/${event.id}/drops`, {
      body: { name: 'Main', size: 90, opensAt: inDays(-0.01) },
    });
    expect(drop.status).toBe(201);
    const onSale = await call('POST', `/events/${event.id}/open-sale`);
    expect(onSale.body).toMatchObject({ status: 'on_sale', version: 4, drops: 1, seatMap: { editable: false } });

    const ended = await call('POST', `/events/${event.id}/end`);
    expect(ended.body).toMatchObject({ status: 'ended', version: 5 });
    const dropAfter = await call('GET', `/drops/${drop.body.id as string}`);
    expect(dropAfter.body).toMatchObject({ paused: true, version: 2 });
    const back = await call('POST', `/events/${event.id}/publish`);
    expect([back.status, back.body.code, back.body.eventStatus]).toEqual([409, 'event_transition_invalid', 'ended']);
    const newDrop = await call('POST', `/events/${event.id}/drops`, {
      body: { name: 'Late', size: 1, opensAt: inDays(1) },
    });
    expect([newDrop.status, newDrop.body.code]).toEqual([409, 'event_ended']);

    expect((await changesOf(event.id)).map((m) => [m.version, m.status])).toEqual([
      [1, 'draft'],
      [3, 'published'],
      [4, 'on_sale'],
      [5, 'ended'],
    ]);
    const audit = await readAudit(app.booking.sql(), 'event', event.id);
    expect(audit.map((a) => a.action)).toEqual([
      'event.created',
      'seat_map.replaced',
      'event.published',
      'event.sale_opened',
      'event.ended',
    ]);
    expect(audit.at(-1)?.details).toEqual({ from: 'on_sale', to: 'ended', pausedDrops: [drop.body.id], version: 5 });
  });

  test('an event made before organizers had their own venues keeps working with its unowned venue', async () => {
    const row = await createEventRow(app.booking.sql(), { organizerId: 'organizer-1', status: 'draft' });
    const edited = await call('PATCH', `/events/${row.id}`, { body: { description: 'Now with a description' } });
    expect(edited.status).toBe(200);
    const venue = await call('GET', `/venues/${row.venueId}`);
    expect([venue.status, venue.body.code]).toEqual([404, 'venue_not_found']);
    expect((await call('GET', `/venues/${row.venueId}`, { as: admin() })).status).toBe(200);
  });
});
