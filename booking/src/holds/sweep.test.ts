import pg from 'pg';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { createHold, readOutbox, readSeats } from '../testing/factories.ts';
import { inventoryLockKey } from './locks.ts';
import { sweepExpiredHolds } from './sweep.ts';
import { createHoldsSale } from './test-support.ts';

let app: BookingTestApp;

beforeAll(async () => {
  app = await startBookingTestApp('holds_sweep');
});
afterAll(async () => {
  await app.close();
});

async function holdStatuses(ids: string[]): Promise<string[]> {
  const rows = await app
    .em()
    .execute<Array<{ id: string; status: string }>>('SELECT id, status FROM holds WHERE id = ANY(?::uuid[])', [
      `{${ids.join(',')}}`,
    ]);
  const byId = new Map(rows.map((r) => [r.id, r.status]));
  return ids.map((id) => byId.get(id) ?? 'missing');
}

describe('the hold sweeper', () => {
  test('releases expired holds in batches; leaves live holds and seats another hold has taken', async () => {
    const sale = await createHoldsSale(app.em(), { seats: 6 });
    const [s1, s2, s3, s4, s5] = sale.seatIds as [string, string, string, string, string];
    const lapsed = [
      await createHold(app.em(), sale.drop, { userId: 'fan-1', seatIds: [s1, s2], expiresInSeconds: -10 }),
      await createHold(app.em(), sale.drop, { userId: 'fan-2', seatIds: [s3], expiresInSeconds: -10 }),
      await createHold(app.em(), sale.drop, { userId: 'fan-3', seatIds: [s4], expiresInSeconds: -10 }),
    ];
    // fan-4 took s4 after fan-3's hold lapsed, before any sweep.
    const retaken = await createHold(app.em(), sale.drop, { userId: 'fan-4', seatIds: [s4] });
    const live = await createHold(app.em(), sale.drop, { userId: 'fan-5', seatIds: [s5] });
    const before = await readSeats(app.em(), [s1, s2, s3, s4, s5]);

    const result = await sweepExpiredHolds(app.booking.db, { batchSize: 2 });
    expect(result).toEqual({ holds: 3, seats: 3, deferred: 0 });
    expect(await holdStatuses([...lapsed.map((h) => h.id), retaken.id, live.id])).toEqual([
      'expired',
      'expired',
      'expired',
      'active',
      'active',
    ]);
    const after = await readSeats(app.em(), [s1, s2, s3, s4, s5]);
    expect(after.map((s) => [s.status, s.holdId, s.version])).toEqual([
      ['available', null, (before[0]?.version ?? 0) + 1],
      ['available', null, (before[1]?.version ?? 0) + 1],
      ['available', null, (before[2]?.version ?? 0) + 1],
      ['held', retaken.id, before[3]?.version],
      ['held', live.id, before[4]?.version],
    ]);
    const ended = (await readOutbox(app.em(), 'hold.ended')).filter((m) => m.data.dropId === sale.drop.id);
    expect(ended.map((m) => [m.data.holdId, m.data.reason]).sort()).toEqual(
      lapsed.map((h) => [h.id, 'expired']).sort(),
    );
    const released = (await readOutbox(app.em(), 'seat.released')).filter((m) => m.data.dropId === sale.drop.id);
    const releasedSeats = released.flatMap((m) => m.data.seats as Array<{ seatId: string; version: number }>);
    expect(releasedSeats.map((s) => [s.seatId, s.version]).sort()).toEqual(
      after
        .slice(0, 3)
        .map((s) => [s.id, s.version])
        .sort(),
    );

    expect(await sweepExpiredHolds(app.booking.db, { batchSize: 2 })).toEqual({ holds: 0, seats: 0, deferred: 0 });
  });

  test('a hold whose seat lock is busy is deferred to a later round, not half released', async () => {
    const sale = await createHoldsSale(app.em(), { seats: 2 });
    const [s1, s2] = sale.seatIds as [string, string];
    const hold = await createHold(app.em(), sale.drop, { userId: 'fan-1', seatIds: [s1, s2], expiresInSeconds: -10 });
    const blocker = new pg.Client({ connectionString: app.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock($1)', [inventoryLockKey(s2).toString()]);
      expect(await sweepExpiredHolds(app.booking.db, { batchSize: 10 })).toEqual({ holds: 0, seats: 0, deferred: 1 });
      expect((await readSeats(app.em(), [s1, s2])).map((s) => s.status)).toEqual(['held', 'held']);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect(await sweepExpiredHolds(app.booking.db, { batchSize: 10 })).toEqual({ holds: 1, seats: 2, deferred: 0 });
    expect(await holdStatuses([hold.id])).toEqual(['expired']);
  });

  test('sweepers running side by side end each hold exactly once', async () => {
    const sale = await createHoldsSale(app.em(), { seats: 40 });
    for (const seatId of sale.seatIds) {
      await createHold(app.em(), sale.drop, { userId: `fan-${seatId}`, seatIds: [seatId], expiresInSeconds: -10 });
    }
    const results = await Promise.all([1, 2, 3].map(() => sweepExpiredHolds(app.booking.db, { batchSize: 5 })));
    // A sweeper that only met busy holds stops early; whatever is left, a later round ends.
    const rest = await sweepExpiredHolds(app.booking.db, { batchSize: 5 });
    expect([...results, rest].reduce((sum, r) => sum + r.holds, 0)).toBe(40);
    const ended = (await readOutbox(app.em(), 'hold.ended')).filter((m) => m.data.dropId === sale.drop.id);
    expect(ended).toHaveLength(40);
    expect(new Set(ended.map((m) => m.data.holdId)).size).toBe(40);
    expect((await readSeats(app.em(), sale.seatIds)).every((s) => s.status === 'available')).toBe(true);
  });
});
