import { organizerTables, readAudit, readOutbox } from '@ticketing/booking/testing';
import { admin, adminClient, organizer, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';
import { newEvent, newVenue } from '../testing/organizer.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;

beforeAll(async () => {
  app = await startAdminTestApp('admin_venues');
  call = adminClient(app);
});
afterAll(async () => {
  await app.close();
});

const paths = (body: Record<string, unknown>) =>
  (body.errors as Array<{ path: string; code: string }>).map((e) => `${e.path}:${e.code}`).sort();

describe('venues', () => {
  test('create, read, list: mine by name; an admin sees every one', async () => {
    const created = await call('POST', '/venues', {
      as: organizer('organizer-v'),
      body: { name: ' Zenith ', city: 'Lyon', timezone: 'Europe/Paris' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/venues/${id}`);
    expect(created.body).toMatchObject({
      name: 'Zenith',
      city: 'Lyon',
      address: '',
      timezone: 'Europe/Paris',
      organizerId: 'organizer-v',
    });
    const other = await newVenue(call, organizer('organizer-v'), { name: 'Arena' });
    await newVenue(call, organizer('organizer-w'), { name: 'Not mine' });
    const listed = await call('GET', '/venues', { as: organizer('organizer-v') });
    expect((listed.body.venues as Array<{ id: string }>).map((v) => v.id)).toEqual([other.id, id]);
    expect((await call('GET', `/venues/${id}`, { as: organizer('organizer-v') })).body).toEqual(created.body);
    const all = await call('GET', '/venues', { as: admin() });
    expect((all.body.venues as unknown[]).length).toBeGreaterThanOrEqual(3);
    const audit = await readAudit(app.booking.sql(), 'venue', id);
    expect(audit.map((a) => [a.actor_id, a.action])).toEqual([['organizer-v', 'venue.created']]);
  });

  test('a time zone must be an IANA name; every bad field is reported', async () => {
    const before = await organizerTables(app.booking.sql());
    const bad = await call('POST', '/venues', {
      body: { name: '', city: 'x'.repeat(201), address: 7, timezone: 'Mars/Olympus', extra: true },
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
    expect(paths(bad.body)).toEqual([
      ':unrecognized_keys',
      'address:invalid_type',
      'city:too_big',
      'name:too_small',
      'timezone:custom',
    ]);
    for (const timezone of ['+01:00', 'CET/../etc', '', 'Europe/Nowhere']) {
      const answer = await call('POST', '/venues', { body: { name: 'V', city: 'C', timezone } });
      expect([timezone, answer.status, paths(answer.body)]).toEqual([timezone, 400, ['timezone:custom']]);
    }
    for (const timezone of ['UTC', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5']) {
      const answer = await call('POST', '/venues', { body: { name: 'V', city: 'C', timezone } });
      expect([timezone, answer.status]).toEqual([timezone, 201]);
    }
    const after = await organizerTables(app.booking.sql());
    expect(after.venues).toHaveLength(before.venues.length + 3);
  });

  test('a change re-announces every event at the venue, since they show its name and time zone', async () => {
    const venue = await newVenue(call);
    const event = await newEvent(call, undefined, { venueId: venue.id });
    const changed = await call('PATCH', `/venues/${venue.id}`, { body: { timezone: 'Atlantic/Madeira' } });
    expect(changed.status).toBe(200);
    expect(changed.body.timezone).toBe('Atlantic/Madeira');
    const messages = (await readOutbox(app.booking.sql(), 'event.changed')).filter((m) => m.data.eventId === event.id);
    expect(messages.map((m) => m.data.version)).toEqual([1, 2]);
    expect((await call('GET', `/events/${event.id}`)).body).toMatchObject({
      version: 2,
      venue: { timezone: 'Atlantic/Madeira' },
    });
    const audit = await readAudit(app.booking.sql(), 'venue', venue.id);
    expect(audit.at(-1)?.details).toEqual({
      changes: { timezone: { from: 'Europe/Lisbon', to: 'Atlantic/Madeira' } },
      events: [event.id],
    });
    const before = await organizerTables(app.booking.sql());
    expect((await call('PATCH', `/venues/${venue.id}`, { body: { timezone: 'Atlantic/Madeira' } })).status).toBe(200);
    const bad = await call('PATCH', `/venues/${venue.id}`, { body: { timezone: 'Nowhere' } });
    expect([bad.status, paths(bad.body)]).toEqual([400, ['timezone:custom']]);
    expect(await organizerTables(app.booking.sql())).toEqual(before);
  });
});
