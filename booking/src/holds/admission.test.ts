import { generateAdmissionKey, signAdmissionToken } from '@ticketing/common';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { createHoldsSale, holdsClient, inventoryState, type HoldsSale } from './test-support.ts';

/* Drops behind the waiting room: a hold needs the fan's own admission token for that drop. */

let app: BookingTestApp;
let client: ReturnType<typeof holdsClient>;
let sale: HoldsSale;
let otherSale: HoldsSale;

beforeAll(async () => {
  app = await startBookingTestApp('holds_admission');
  client = holdsClient(app);
  sale = await createHoldsSale(app.em(), { queue: true });
  otherSale = await createHoldsSale(app.em(), { queue: true });
});
afterAll(async () => {
  await app.close();
});

const now = () => Math.floor(Date.now() / 1000);
const grantFor = (fan: string, target: HoldsSale = sale) => ({
  sub: fan,
  drop: target.drop.id,
  event: target.event.id,
});

describe('admission tokens', () => {
  test('refused tokens are 403 with distinct codes, and change nothing', async () => {
    const stranger = await generateAdmissionKey();
    const tokens: Array<[string, string | undefined, string]> = [
      ['missing', undefined, 'admission_required'],
      ['garbage', 'not-a-jwt', 'admission_invalid'],
      [
        'signed with an unknown key id',
        await signAdmissionToken({ ...grantFor('fan-1'), maxSeats: 4, exp: now() + 600 }, stranger),
        'admission_unknown_key',
      ],
      [
        'forged under a published kid',
        await signAdmissionToken(
          { ...grantFor('fan-1'), maxSeats: 4, exp: now() + 600 },
          { kid: decodeKid(await app.identity.admissionToken(grantFor('fan-1'))), privateKey: stranger.privateKey },
        ),
        'admission_invalid',
      ],
      [
        'expired',
        await app.identity.admissionToken({ ...grantFor('fan-1'), iat: now() - 900, exp: now() - 60 }),
        'admission_expired',
      ],
      ['for another drop', await app.identity.admissionToken(grantFor('fan-1', otherSale)), 'admission_wrong_drop'],
      ['for another fan', await app.identity.admissionToken(grantFor('fan-2')), 'admission_wrong_user'],
    ];
    const before = await inventoryState(app.em());
    for (const [name, token, code] of tokens) {
      const answer = await client.hold(
        'fan-1',
        { eventId: sale.event.id, seatIds: [sale.seatIds[0]] },
        token === undefined ? {} : { 'admission-token': token },
      );
      expect([name, answer.status, answer.body.code]).toEqual([name, 403, code]);
    }
    expect(await inventoryState(app.em())).toEqual(before);
  });

  test("the token's maxSeats caps the hold", async () => {
    const token = await app.identity.admissionToken({ ...grantFor('fan-3'), maxSeats: 2 });
    const before = await inventoryState(app.em());
    const three = await client.hold(
      'fan-3',
      { eventId: sale.event.id, seatIds: sale.seatIds.slice(2, 5) },
      { 'admission-token': token },
    );
    expect([three.status, three.body.code, three.body.maxSeats]).toEqual([403, 'admission_seat_limit_exceeded', 2]);
    expect(await inventoryState(app.em())).toEqual(before);
    const two = await client.hold(
      'fan-3',
      { eventId: sale.event.id, seatIds: sale.seatIds.slice(2, 4) },
      { 'admission-token': token },
    );
    expect(two.status).toBe(201);
  });

  test('a valid token admits the hold, which records its jti', async () => {
    const jti = 'admission-jti-1';
    const token = await app.identity.admissionToken({ ...grantFor('fan-4'), jti });
    const answer = await client.hold(
      'fan-4',
      { eventId: sale.event.id, seatIds: [sale.seatIds[6]] },
      { 'admission-token': token },
    );
    expect(answer.status).toBe(201);
    const [row] = await app
      .em()
      .execute<Array<{ admission_jti: string }>>('SELECT admission_jti FROM holds WHERE id = ?', [answer.body.holdId]);
    expect(row?.admission_jti).toBe(jti);
  });

  test('a drop without a queue needs no token', async () => {
    const open = await createHoldsSale(app.em(), { queue: false });
    const answer = await client.hold('fan-5', { eventId: open.event.id, seatIds: [open.seatIds[0]] });
    expect(answer.status).toBe(201);
  });
});

function decodeKid(token: string): string {
  const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid: string };
  return header.kid;
}
