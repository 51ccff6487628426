import { randomUUID } from 'node:crypto';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { createEvent, createSale } from '../testing/factories.ts';
import { createHoldsSale, holdsClient, inventoryState, type HoldsSale } from './test-support.ts';

let app: BookingTestApp;
let client: ReturnType<typeof holdsClient>;
let sale: HoldsSale;
let otherEventSeat: string;
let draftEventId: string;

beforeAll(async () => {
  app = await startBookingTestApp('holds_input');
  client = holdsClient(app);
  sale = await createHoldsSale(app.em());
  otherEventSeat = (await createSale(app.em(), { seats: 1 })).seatIds[0] as string;
  draftEventId = (await createEvent(app.em(), { status: 'draft' })).id;
});
afterAll(async () => {
  await app.close();
});

const unknownId = randomUUID();

type Case = [name: string, body: () => unknown, status: number, code: string];

const cases: Case[] = [
  ['no body', () => undefined, 400, 'validation_failed'],
  ['an array body', () => [], 400, 'validation_failed'],
  ['eventId missing', () => ({ seatIds: [sale.seatIds[0]] }), 400, 'validation_failed'],
  ['eventId not a uuid', () => ({ eventId: 'concert', seatIds: [sale.seatIds[0]] }), 400, 'validation_failed'],
  ['eventId a number', () => ({ eventId: 42, seatIds: [sale.seatIds[0]] }), 400, 'validation_failed'],
  ['neither seats nor section', () => ({ eventId: sale.event.id }), 400, 'validation_failed'],
  ['empty seatIds', () => ({ eventId: sale.event.id, seatIds: [] }), 400, 'validation_failed'],
  ['seatIds a string', () => ({ eventId: sale.event.id, seatIds: sale.seatIds[0] }), 400, 'validation_failed'],
  ['a seat id not a uuid', () => ({ eventId: sale.event.id, seatIds: ['A-1'] }), 400, 'validation_failed'],
  ['a seat id null', () => ({ eventId: sale.event.id, seatIds: [null] }), 400, 'validation_failed'],
  [
    'duplicate seat ids',
    () => ({ eventId: sale.event.id, seatIds: [sale.seatIds[0], sale.seatIds[0]] }),
    400,
    'validation_failed',
  ],
  [
    'duplicate seat ids differing in case',
    () => ({ eventId: sale.event.id, seatIds: [sale.seatIds[0], sale.seatIds[0]?.toUpperCase()] }),
    400,
    'validation_failed',
  ],
  [
    '51 seats',
    () => ({ eventId: sale.event.id, seatIds: Array.from({ length: 51 }, () => randomUUID()) }),
    400,
    'validation_failed',
  ],
  [
    'seats and a section',
    () => ({ eventId: sale.event.id, seatIds: [sale.seatIds[0]], sectionId: sale.general.id, quantity: 1 }),
    400,
    'validation_failed',
  ],
  [
    'a section without quantity',
    () => ({ eventId: sale.event.id, sectionId: sale.general.id }),
    400,
    'validation_failed',
  ],
  ['a quantity without section', () => ({ eventId: sale.event.id, quantity: 1 }), 400, 'validation_failed'],
  [
    'quantity zero',
    () => ({ eventId: sale.event.id, sectionId: sale.general.id, quantity: 0 }),
    400,
    'validation_failed',
  ],
  [
    'quantity negative',
    () => ({ eventId: sale.event.id, sectionId: sale.general.id, quantity: -2 }),
    400,
    'validation_failed',
  ],
  [
    'quantity fractional',
    () => ({ eventId: sale.event.id, sectionId: sale.general.id, quantity: 1.5 }),
    400,
    'validation_failed',
  ],
  [
    'quantity huge',
    () => ({ eventId: sale.event.id, sectionId: sale.general.id, quantity: 1e12 }),
    400,
    'validation_failed',
  ],
  [
    'quantity a string',
    () => ({ eventId: sale.event.id, sectionId: sale.general.id, quantity: '2' }),
    400,
    'validation_failed',
  ],
  [
    'dropId not a uuid',
    () => ({ eventId: sale.event.id, dropId: 'd1', seatIds: [sale.seatIds[0]] }),
    400,
    'validation_failed',
  ],
  ['an unknown event', () => ({ eventId: unknownId, seatIds: [sale.seatIds[0]] }), 404, 'event_not_found'],
  ['a draft event', () => ({ eventId: draftEventId, seatIds: [sale.seatIds[0]] }), 404, 'event_not_found'],
  [
    'an unknown drop',
    () => ({ eventId: sale.event.id, dropId: unknownId, seatIds: [sale.seatIds[0]] }),
    404,
    'drop_not_found',
  ],
  ['an unknown seat', () => ({ eventId: sale.event.id, seatIds: [sale.seatIds[0], unknownId] }), 404, 'seat_not_found'],
  ["another event's seat", () => ({ eventId: sale.event.id, seatIds: [otherEventSeat] }), 404, 'seat_not_found'],
  [
    'an unknown section',
    () => ({ eventId: sale.event.id, sectionId: unknownId, quantity: 1 }),
    404,
    'section_not_found',
  ],
  [
    'more seats than the fan may hold',
    () => ({ eventId: sale.event.id, seatIds: sale.seatIds.slice(0, 5) }),
    409,
    'per_user_limit_exceeded',
  ],
  [
    'more places than the fan may hold',
    () => ({ eventId: sale.event.id, sectionId: sale.general.id, quantity: 5 }),
    409,
    'per_user_limit_exceeded',
  ],
];

describe('every malformed or impossible request is a 4xx with a stable code and changes nothing', () => {
  test.each(cases)('%s', async (_name, body, status, code) => {
    const before = await inventoryState(app.em());
    const value = body();
    const answer = await client.call('POST', '/holds', {
      fan: 'fan-1',
      ...(value === undefined ? {} : { body: value }),
    });
    expect([answer.status, answer.body.code]).toEqual([status, code]);
    expect(await inventoryState(app.em())).toEqual(before);
  });

  test('the validation problem lists every invalid field', async () => {
    const answer = await client.hold('fan-1', { eventId: 'x', seatIds: ['y', 'y'], quantity: -1 });
    expect(answer.status).toBe(400);
    const paths = (answer.body.errors as Array<{ path: string }>).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['eventId', 'seatIds.0', 'seatIds.1', 'quantity']));
  });

  test('a body that is not JSON is refused before anything runs', async () => {
    const before = await inventoryState(app.em());
    const broken = await client.call('POST', '/holds', { fan: 'fan-1', rawBody: '{"eventId": ' });
    expect([broken.status, broken.body.code]).toEqual([400, 'invalid_json']);
    const form = await client.call('POST', '/holds', {
      fan: 'fan-1',
      rawBody: 'eventId=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([form.status, form.body.code]).toEqual([415, 'unsupported_media_type']);
    expect(await inventoryState(app.em())).toEqual(before);
  });
});

describe('access', () => {
  test('holds need a fan access token', async () => {
    const body = { eventId: sale.event.id, seatIds: [sale.seatIds[0]] };
    const anonymous = await client.call('POST', '/holds', { fan: null, body });
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'auth_required']);
    const organizer = await client.call('POST', '/holds', {
      fan: null,
      body,
      headers: { authorization: `Bearer ${await app.identity.accessToken('org-1', { roles: ['organizer'] })}` },
    });
    expect([organizer.status, organizer.body.code]).toEqual([403, 'insufficient_role']);
  });
});
