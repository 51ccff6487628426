import { createEvent, dropTables } from '@ticketing/booking/testing';
import { adminClient, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;
let eventId: string;
let dropId: string;
const hour = 3_600_000;
const opensAt = new Date(Date.now() + 24 * hour).toISOString();
const at = (offsetMs: number) => new Date(Date.parse(opensAt) + offsetMs).toISOString();

beforeAll(async () => {
  app = await startAdminTestApp('admin_drops_invalid');
  call = adminClient(app);
  eventId = (await createEvent(app.booking.sql(), { organizerId: 'organizer-1' })).id;
  const created = await call('POST', `/events/${eventId}/drops`, {
    body: { name: 'Main sale', size: 100, opensAt, closesAt: at(6 * hour) },
  });
  expect(created.status).toBe(201);
  dropId = created.body.id as string;
});
afterAll(async () => {
  await app.close();
});

interface FieldError {
  in: string;
  path: string;
  code: string;
}
const paths = (body: Record<string, unknown>) => (body.errors as FieldError[]).map((e) => `${e.in}:${e.path}`).sort();

const valid = { name: 'Second sale', size: 10, opensAt };

describe('creating a drop with bad input', () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['nothing at all', {}, ['body:name', 'body:opensAt', 'body:size']],
    ['a negative size', { ...valid, size: -1 }, ['body:size']],
    ['a fractional size', { ...valid, size: 1.5 }, ['body:size']],
    ['a size as text', { ...valid, size: '10' }, ['body:size']],
    ['a size beyond the limit', { ...valid, size: 1_000_001 }, ['body:size']],
    ['a release rate of zero', { ...valid, releaseRatePerMinute: 0 }, ['body:releaseRatePerMinute']],
    ['no active fans allowed', { ...valid, maxActive: 0 }, ['body:maxActive']],
    ['a hold under 30 s', { ...valid, holdSeconds: 29 }, ['body:holdSeconds']],
    ['a hold over an hour', { ...valid, holdSeconds: 3_601 }, ['body:holdSeconds']],
    ['no seats per fan', { ...valid, perUserLimit: 0 }, ['body:perUserLimit']],
    ['more than 50 seats per fan', { ...valid, perUserLimit: 51 }, ['body:perUserLimit']],
    ['a blank name', { ...valid, name: '   ' }, ['body:name']],
    ['a name too long', { ...valid, name: 'x'.repeat(201) }, ['body:name']],
    ['an opening that is not a time', { ...valid, opensAt: 'tomorrow' }, ['body:opensAt']],
    ['a time without its zone', { ...valid, opensAt: '2030-01-01T10:00:00' }, ['body:opensAt']],
    ['a queue switch as text', { ...valid, queueEnabled: 'yes' }, ['body:queueEnabled']],
    ['paused, which only pause sets', { ...valid, paused: true }, ['body:']],
    [
      'every bad field at once',
      { name: '', size: -5, opensAt: 'soon', holdSeconds: 5, perUserLimit: 99 },
      ['body:holdSeconds', 'body:name', 'body:opensAt', 'body:perUserLimit', 'body:size'],
    ],
    ['a list instead of an object', [valid], ['body:']],
  ];

  test.each(cases)('%s: 400 validation_failed naming each bad field, nothing changed', async (_, body, expected) => {
    const before = await dropTables(app.booking.sql());
    const answer = await call('POST', `/events/${eventId}/drops`, { body });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(paths(answer.body)).toEqual(expected);
    expect(await dropTables(app.booking.sql())).toEqual(before);
  });

  const scheduleCases: Array<[string, Record<string, unknown>, string[]]> = [
    ['closing before opening', { closesAt: at(-hour) }, ['closes_not_after_opens']],
    ['closing as it opens', { closesAt: opensAt }, ['closes_not_after_opens']],
    ['a pre-queue after the opening', { prequeueOpensAt: at(hour) }, ['prequeue_after_opens']],
    [
      'both at once',
      { closesAt: at(-hour), prequeueOpensAt: at(hour) },
      ['closes_not_after_opens', 'prequeue_after_opens'],
    ],
  ];

  test.each(scheduleCases)('%s: 400 drop_schedule_invalid with each broken rule', async (_, extra, rules) => {
    const before = await dropTables(app.booking.sql());
    const answer = await call('POST', `/events/${eventId}/drops`, { body: { ...valid, ...extra } });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('drop_schedule_invalid');
    expect((answer.body.errors as FieldError[]).map((e) => e.code)).toEqual(rules);
    expect(await dropTables(app.booking.sql())).toEqual(before);
  });

  test('a body that is not JSON, or not said to be, and an event id that is not one', async () => {
    const before = await dropTables(app.booking.sql());
    const broken = await call('POST', `/events/${eventId}/drops`, {
      body: undefined,
      headers: { 'content-type': 'application/json' },
    });
    expect([broken.status, broken.body.code]).toEqual([400, 'validation_failed']);
    const url = `${app.url}/events/${eventId}/drops`;
    const authorization = `Bearer ${await app.identity.accessToken('organizer-1', { roles: ['organizer'] })}`;
    const notJson = await fetch(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect([notJson.status, ((await notJson.json()) as { code: string }).code]).toEqual([400, 'invalid_json']);
    const text = await fetch(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect([text.status, ((await text.json()) as { code: string }).code]).toEqual([415, 'unsupported_media_type']);
    const badId = await call('POST', '/events/not-a-uuid/drops', { body: valid });
    expect([badId.status, badId.body.code, paths(badId.body)]).toEqual([400, 'validation_failed', ['params:eventId']]);
    expect(await dropTables(app.booking.sql())).toEqual(before);
  });
});

describe('changing a drop with bad input', () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['an empty change', {}, ['body:']],
    ['a negative size', { size: -1 }, ['body:size']],
    ['a hold under 30 s', { holdSeconds: 10 }, ['body:holdSeconds']],
    ['a null opening', { opensAt: null }, ['body:opensAt']],
    ['a null name', { name: null }, ['body:name']],
    // An unknown key is reported, and so is the absence of any setting to change.
    ['an unknown setting', { colour: 'red' }, ['body:', 'body:']],
    ['the version itself', { version: 9 }, ['body:', 'body:']],
    ['an unknown setting beside a good one', { size: 5, paused: true }, ['body:']],
    ['two bad fields', { maxActive: -1, releaseRatePerMinute: 2.5 }, ['body:maxActive', 'body:releaseRatePerMinute']],
  ];

  test.each(cases)('%s: 400 validation_failed, nothing changed', async (_, body, expected) => {
    const before = await dropTables(app.booking.sql());
    const answer = await call('PATCH', `/drops/${dropId}`, { body });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(paths(answer.body)).toEqual(expected);
    expect(await dropTables(app.booking.sql())).toEqual(before);
  });

  const scheduleCases: Array<[string, Record<string, unknown>, string[]]> = [
    ['closing before the stored opening', { closesAt: at(-hour) }, ['closes_not_after_opens']],
    ['opening after the stored closing', { opensAt: at(7 * hour) }, ['closes_not_after_opens']],
    ['a pre-queue after the stored opening', { prequeueOpensAt: at(1) }, ['prequeue_after_opens']],
  ];

  test.each(scheduleCases)('%s: 400 drop_schedule_invalid, nothing changed', async (_, body, rules) => {
    const before = await dropTables(app.booking.sql());
    const answer = await call('PATCH', `/drops/${dropId}`, { body });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('drop_schedule_invalid');
    expect((answer.body.errors as FieldError[]).map((e) => e.code)).toEqual(rules);
    expect(await dropTables(app.booking.sql())).toEqual(before);
  });

  test('an If-Match that is not a version, and a drop id that is not one', async () => {
    const before = await dropTables(app.booking.sql());
    const tag = await call('PATCH', `/drops/${dropId}`, { headers: { 'if-match': 'abc' }, body: { size: 5 } });
    expect([tag.status, tag.body.code, paths(tag.body)]).toEqual([400, 'validation_failed', ['headers:if-match']]);
    const pause = await call('POST', `/drops/${dropId}/pause`, { headers: { 'if-match': '"1' } });
    expect([pause.status, pause.body.code]).toEqual([400, 'validation_failed']);
    const id = await call('GET', '/drops/42');
    expect([id.status, id.body.code, paths(id.body)]).toEqual([400, 'validation_failed', ['params:id']]);
    expect(await dropTables(app.booking.sql())).toEqual(before);
  });
});
