import {
  createAdmissionVerifier,
  generateAdmissionKey,
  signAdmissionToken,
  type AdmissionVerifier,
} from '@ticketing/common';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { createHoldsService } from './service.ts';
import { createHoldsSale } from './test-support.ts';

/*
 * The service verifies an admission token before it calls place_hold, so the
 * common hold is one round trip. When the waiting room's key set cannot be
 * fetched, that failure is the answer on a drop behind the queue (fetched
 * once, not twice), and no answer at all on a drop without one.
 */

let app: BookingTestApp;

beforeAll(async () => {
  app = await startBookingTestApp('holds_admission_keys');
});
afterAll(() => app.close());

/** A verifier of a key set nobody serves (port 1 refuses at once), counting how often it is asked. */
function unreachableKeys(): { verifier: AdmissionVerifier; calls: () => number } {
  const inner = createAdmissionVerifier(
    { jwksUri: 'http://127.0.0.1:1/.well-known/jwks.json' },
    { jwksTimeoutMs: 2_000 },
  );
  let calls = 0;
  return {
    verifier: {
      verify: (token, expected) => {
        calls += 1;
        return inner.verify(token, expected);
      },
    },
    calls: () => calls,
  };
}

test('an unreachable key set is a 503 on a queued drop, fetched once, and does not stop a hold on a drop without a queue', async () => {
  const key = await generateAdmissionKey();
  const queued = await createHoldsSale(app.em(), { queue: true });
  const open = await createHoldsSale(app.em(), { queue: false });
  const tokenFor = (sale: typeof queued) =>
    signAdmissionToken(
      {
        sub: 'fan-keys',
        drop: sale.drop.id,
        event: sale.event.id,
        maxSeats: 4,
        exp: Math.floor(Date.now() / 1000) + 600,
      },
      key,
    );

  const refused = unreachableKeys();
  const holds = createHoldsService({ db: app.booking.db, admission: refused.verifier });
  await expect(
    holds.placeHold(
      'fan-keys',
      { eventId: queued.event.id, seatIds: [queued.seatIds[0] as string] },
      await tokenFor(queued),
    ),
  ).rejects.toMatchObject({ kind: 'unavailable', code: 'admission_keys_unavailable' });
  expect(refused.calls()).toBe(1);

  const ignored = unreachableKeys();
  const placed = await createHoldsService({ db: app.booking.db, admission: ignored.verifier }).placeHold(
    'fan-keys',
    { eventId: open.event.id, seatIds: [open.seatIds[0] as string] },
    await tokenFor(open),
  );
  expect(placed.seats.map((s) => s.seatId)).toEqual([open.seatIds[0]]);
  const [hold] = await app
    .em()
    .execute<Array<{ admission_jti: string | null }>>('SELECT admission_jti FROM holds WHERE id = ?', [placed.holdId]);
  expect(hold?.admission_jti).toBeNull();
});
