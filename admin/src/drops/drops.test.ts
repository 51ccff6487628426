import { createEvent, dropTables, readAudit, readDropRow, readOutbox } from '@ticketing/booking/testing';
import { admin, adminClient, fan, organizer, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;

beforeAll(async () => {
  app = await startAdminTestApp('admin_drops');
  call = adminClient(app);
});
afterAll(async () => {
  await app.close();
});

const hour = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

async function dropChanges(dropId: string) {
  return (await readOutbox(app.booking.sql(), 'drop.changed'))
    .filter((m) => m.data.dropId === dropId)
    .map((m) => m.data);
}

async function auditOf(dropId: string) {
  return readAudit(app.booking.sql(), 'drop', dropId);
}

async function newDrop(eventId: string, body: Record<string, unknown> = {}, as = organizer()) {
  const created = await call('POST', `/events/${eventId}/drops`, {
    as,
    body: { name: 'Main sale', size: 2_000, opensAt: at(24 * hour), ...body },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; version: number; eventId: string };
}

describe('organizer drop management', () => {
  test('create: the drop, a drop.changed message and an audit row, all in one go', async () => {
    const event = await createEvent(app.booking.sql(), { organizerId: 'organizer-1' });
    const opensAt = at(24 * hour);
    const prequeueOpensAt = at(23 * hour);
    const created = await call('POST', `/events/${event.id}/drops`, {
      body: {
        name: ' Presale ',
        size: 2_000,
        opensAt,
        prequeueOpensAt,
        releaseRatePerMinute: 300,
        maxActive: 200,
        holdSeconds: 420,
        perUserLimit: 6,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/drops/${id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      eventId: event.id,
      name: 'Presale',
      size: 2_000,
      releaseRatePerMinute: 300,
      maxActive: 200,
      holdSeconds: 420,
      perUserLimit: 6,
      prequeueOpensAt,
      opensAt,
      closesAt: null,
      queueEnabled: true,
      paused: false,
      phase: 'scheduled',
      version: 1,
    });
    const row = await readDropRow(app.booking.sql(), id);
    expect(row).toMatchObject({ event_id: event.id, name: 'Presale', release_rate_per_minute: 300, version: 1 });
    expect(await dropChanges(id)).toEqual([{ dropId: id, eventId: event.id, version: 1 }]);
    const audit = await auditOf(id);
    expect(audit.map((a) => [a.actor_id, a.action])).toEqual([['organizer-1', 'drop.created']]);
    expect(audit[0]?.details).toMatchObject({ version: 1, settings: { size: 2_000, opensAt } });

    const read = await call('GET', `/drops/${id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual(created.body);
  });

  test('list: the event’s drops in opening order', async () => {
    const event = await createEvent(app.booking.sql(), { organizerId: 'organizer-1' });
    const later = await newDrop(event.id, { name: 'General', opensAt: at(48 * hour) });
    const sooner = await newDrop(event.id, { name: 'Presale', opensAt: at(24 * hour) });
    const listed = await call('GET', `/events/${event.id}/drops`);
    expect(listed.status).toBe(200);
    expect((listed.body.drops as Array<{ id: string }>).map((d) => d.id)).toEqual([sooner.id, later.id]);
  });

  test('update: changed settings bump the version, with a message and the before and after in the audit', async () => {
    const event = await createEvent(app.booking.sql(), { organizerId: 'organizer-1' });
    const drop = await newDrop(event.id);
    const closesAt = at(30 * hour);
    const updated = await call('PATCH', `/drops/${drop.id}`, {
      headers: { 'if-match': '"1"' },
      body: { releaseRatePerMinute: 1_200, closesAt, size: 2_000, queueEnabled: false },
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    expect(updated.body).toMatchObject({ releaseRatePerMinute: 1_200, closesAt, queueEnabled: false, version: 2 });
    expect(await dropChanges(drop.id)).toEqual([
      { dropId: drop.id, eventId: event.id, version: 1 },
      { dropId: drop.id, eventId: event.id, version: 2 },
    ]);
    const audit = await auditOf(drop.id);
    expect(audit.map((a) => a.action)).toEqual(['drop.created', 'drop.updated']);
    // size was sent unchanged: it is not a change.
    expect(audit[1]?.details).toEqual({
      version: 2,
      changes: {
        releaseRatePerMinute: { from: 600, to: 1_200 },
        closesAt: { from: null, to: closesAt },
        queueEnabled: { from: true, to: false },
      },
    });

    // Sending what is already there changes nothing: no version, no message, no audit.
    const again = await call('PATCH', `/drops/${drop.id}`, { body: { releaseRatePerMinute: 1_200, closesAt } });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(2);
    expect(await dropChanges(drop.id)).toHaveLength(2);
    expect(await auditOf(drop.id)).toHaveLength(2);

    // A closing time can be cleared.
    const cleared = await call('PATCH', `/drops/${drop.id}`, { body: { closesAt: null } });
    expect(cleared.body).toMatchObject({ closesAt: null, version: 3 });
  });

  test('pause and resume: each a new version and message; repeating one changes nothing', async () => {
    const event = await createEvent(app.booking.sql(), { organizerId: 'organizer-1' });
    const drop = await newDrop(event.id, { opensAt: at(-hour) });
    const paused = await call('POST', `/drops/${drop.id}/pause`, { headers: { 'if-match': '1' } });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ paused: true, phase: 'paused', version: 2 });
    expect(paused.headers.get('etag')).toBe('"2"');

    const twice = await call('POST', `/drops/${drop.id}/pause`);
    expect(twice.body).toMatchObject({ paused: true, version: 2 });

    const resumed = await call('POST', `/drops/${drop.id}/resume`, { headers: { 'if-match': 'W/"2"' } });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ paused: false, phase: 'open', version: 3 });
    expect((await dropChanges(drop.id)).map((m) => m.version)).toEqual([1, 2, 3]);
    expect((await auditOf(drop.id)).map((a) => a.action)).toEqual(['drop.created', 'drop.paused', 'drop.resumed']);
  });

  test('a stale If-Match is refused with the current version, and nothing changes', async () => {
    const event = await createEvent(app.booking.sql(), { organizerId: 'organizer-1' });
    const drop = await newDrop(event.id);
    expect((await call('PATCH', `/drops/${drop.id}`, { body: { maxActive: 100 } })).body.version).toBe(2);
    const before = await dropTables(app.booking.sql());

    const stale = await call('PATCH', `/drops/${drop.id}`, { headers: { 'if-match': '"1"' }, body: { maxActive: 50 } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'version_mismatch', currentVersion: 2 });
    const stalePause = await call('POST', `/drops/${drop.id}/pause`, { headers: { 'if-match': '"1"' } });
    expect(stalePause.status).toBe(409);
    expect(stalePause.body.code).toBe('version_mismatch');
    expect(await dropTables(app.booking.sql())).toEqual(before);

    const any = await call('PATCH', `/drops/${drop.id}`, { headers: { 'if-match': '*' }, body: { maxActive: 50 } });
    expect(any.body).toMatchObject({ maxActive: 50, version: 3 });
  });

  test('two changes made from the same version: one wins, the other is told the drop moved on', async () => {
    const event = await createEvent(app.booking.sql(), { organizerId: 'organizer-1' });
    const drop = await newDrop(event.id);
    const answers = await Promise.all(
      [100, 200, 300, 400].map((maxActive) =>
        call('PATCH', `/drops/${drop.id}`, { headers: { 'if-match': '"1"' }, body: { maxActive } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'version_mismatch')).toBe(true);
    expect((await dropChanges(drop.id)).map((m) => m.version)).toEqual([1, 2]);
  });

  test('once a drop has opened, its opening and pre-queue times are locked; the rest stays tunable', async () => {
    const event = await createEvent(app.booking.sql(), { organizerId: 'organizer-1' });
    const drop = await newDrop(event.id, { opensAt: at(-hour) });
    const before = await dropTables(app.booking.sql());
    const moved = await call('PATCH', `/drops/${drop.id}`, { body: { opensAt: at(hour), maxActive: 10 } });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ code: 'drop_schedule_locked', fields: ['opensAt'] });
    const prequeue = await call('PATCH', `/drops/${drop.id}`, { body: { prequeueOpensAt: at(-2 * hour) } });
    expect(prequeue.status).toBe(409);
    expect(prequeue.body.code).toBe('drop_schedule_locked');
    expect(await dropTables(app.booking.sql())).toEqual(before);

    const tuned = await call('PATCH', `/drops/${drop.id}`, { body: { releaseRatePerMinute: 60, closesAt: at(hour) } });
    expect(tuned.status).toBe(200);
    expect(tuned.body).toMatchObject({ releaseRatePerMinute: 60, phase: 'open', version: 2 });
  });

  test('a cancelled event takes no new drops', async () => {
    const event = await createEvent(app.booking.sql(), { organizerId: 'organizer-1', status: 'cancelled' });
    const before = await dropTables(app.booking.sql());
    const refused = await call('POST', `/events/${event.id}/drops`, {
      body: { name: 'Late', size: 1, opensAt: at(hour) },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('event_cancelled');
    expect(await dropTables(app.booking.sql())).toEqual(before);
  });
});

describe('who may manage drops', () => {
  let eventId: string;
  let dropId: string;
  beforeAll(async () => {
    const event = await createEvent(app.booking.sql(), { organizerId: 'organizer-1' });
    eventId = event.id;
    dropId = (await newDrop(event.id)).id;
  });

  const routes = () => [
    { method: 'POST', path: `/events/${eventId}/drops`, body: { name: 'X', size: 1, opensAt: at(hour) } },
    { method: 'GET', path: `/events/${eventId}/drops` },
    { method: 'GET', path: `/drops/${dropId}` },
    { method: 'PATCH', path: `/drops/${dropId}`, body: { size: 5 } },
    { method: 'POST', path: `/drops/${dropId}/pause` },
    { method: 'POST', path: `/drops/${dropId}/resume` },
    { method: 'GET', path: `/drops/${dropId}/stats` },
  ];

  test('no token is 401, a fan is 403 insufficient_role, on every route; nothing changes', async () => {
    const before = await dropTables(app.booking.sql());
    for (const route of routes()) {
      const anonymous = await call(route.method, route.path, { as: null, body: route.body });
      expect([route.path, anonymous.status, anonymous.body.code]).toEqual([route.path, 401, 'auth_required']);
      const byFan = await call(route.method, route.path, { as: fan(), body: route.body });
      expect([route.path, byFan.status, byFan.body.code]).toEqual([route.path, 403, 'insufficient_role']);
    }
    expect(await dropTables(app.booking.sql())).toEqual(before);
  });

  test('another organizer’s event and drops do not exist for them; nothing changes', async () => {
    const before = await dropTables(app.booking.sql());
    for (const route of routes()) {
      const answer = await call(route.method, route.path, { as: organizer('organizer-2'), body: route.body });
      const expected = route.path.startsWith('/events') ? 'event_not_found' : 'drop_not_found';
      expect([route.path, answer.status, answer.body.code]).toEqual([route.path, 404, expected]);
    }
    expect(await dropTables(app.booking.sql())).toEqual(before);
  });

  test('an admin manages any organizer’s drops, and the audit names the admin', async () => {
    const listed = await call('GET', `/events/${eventId}/drops`, { as: admin() });
    expect(listed.status).toBe(200);
    const changed = await call('PATCH', `/drops/${dropId}`, { as: admin(), body: { perUserLimit: 2 } });
    expect(changed.status).toBe(200);
    const created = await newDrop(eventId, {}, admin());
    expect(created.eventId).toBe(eventId);
    expect((await auditOf(dropId)).at(-1)).toMatchObject({ actor_id: 'admin-1', action: 'drop.updated' });
  });

  test('an unknown event or drop is 404', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const event = await call('GET', `/events/${unknown}/drops`);
    expect([event.status, event.body.code]).toEqual([404, 'event_not_found']);
    const drop = await call('PATCH', `/drops/${unknown}`, { body: { size: 1 } });
    expect([drop.status, drop.body.code]).toEqual([404, 'drop_not_found']);
  });
});
