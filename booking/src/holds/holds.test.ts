import pg from 'pg';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { createHold, readOutbox, readSeats } from '../testing/factories.ts';
import { inventoryLockKey } from './locks.ts';
import { createHoldsSale, holdsClient, inventoryState } from './test-support.ts';

let app: BookingTestApp;
let client: ReturnType<typeof holdsClient>;

beforeAll(async () => {
  app = await startBookingTestApp('holds');
  client = holdsClient(app);
});
afterAll(async () => {
  await app.close();
});

describe('POST /holds, reserved seating', () => {
  test('holds the seats: 201 with the seats and expiry, seats held with a new version, outbox written', async () => {
    const sale = await createHoldsSale(app.em());
    const seatIds = sale.seatIds.slice(0, 2);
    const before = await readSeats(app.em(), seatIds);
    const answer = await client.hold('fan-a', { eventId: sale.event.id, seatIds });

    expect(answer.status).toBe(201);
    const holdId = answer.body.holdId as string;
    expect(answer.headers.get('location')).toBe(`/holds/${holdId}`);
    expect(answer.body).toMatchObject({ eventId: sale.event.id, dropId: sale.drop.id });
    expect(answer.body.seats).toEqual(
      expect.arrayContaining(
        seatIds.map((seatId): unknown =>
          expect.objectContaining({ seatId, sectionId: sale.section.id, row: 'A', priceCents: 4_500 }),
        ),
      ),
    );
    const expiresAt = Date.parse(answer.body.expiresAt as string);
    expect(expiresAt).toBeGreaterThan(Date.now() + 500_000);

    const after = await readSeats(app.em(), seatIds);
    expect(after.map((s) => [s.status, s.holdId, s.version])).toEqual(
      before.map((s) => ['held', holdId, s.version + 1]),
    );
    const [hold] = await app
      .em()
      .execute<Array<{ status: string; seat_count: number; user_id: string }>>(
        'SELECT status, seat_count, user_id FROM holds WHERE id = ?',
        [holdId],
      );
    expect(hold).toEqual({ status: 'active', seat_count: 2, user_id: 'fan-a' });

    const held = (await readOutbox(app.em(), 'seat.held')).filter((m) => m.data.eventId === sale.event.id);
    expect(held).toHaveLength(1);
    expect(held[0]?.data.seats).toEqual(
      expect.arrayContaining(
        after.map((s) => ({
          seatId: s.id,
          sectionId: sale.section.id,
          status: 'held',
          version: s.version,
          heldUntil: new Date(expiresAt).toISOString(),
        })),
      ),
    );
    const created = (await readOutbox(app.em(), 'hold.created')).filter((m) => m.data.holdId === holdId);
    expect(created).toHaveLength(1);
    expect(created[0]?.data).toMatchObject({ userId: 'fan-a', seatCount: 2, dropId: sale.drop.id });
    expect(Date.parse(created[0]?.data.expiresAt as string)).toBe(expiresAt);
  });

  test('all or nothing: one taken seat refuses the whole request and names it', async () => {
    const sale = await createHoldsSale(app.em());
    const [a, b, c, d] = sale.seatIds as [string, string, string, string];
    expect((await client.hold('fan-1', { eventId: sale.event.id, seatIds: [a] })).status).toBe(201);
    expect((await client.hold('fan-3', { eventId: sale.event.id, seatIds: [c] })).status).toBe(201);
    const before = await inventoryState(app.em());

    const answer = await client.hold('fan-2', { eventId: sale.event.id, seatIds: [b, a, d, c] });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('seat_unavailable');
    expect((answer.body.seats as string[]).sort()).toEqual([a, c].sort());
    expect(await inventoryState(app.em())).toEqual(before);
  });

  test('re-posting held seats does not extend the hold', async () => {
    const sale = await createHoldsSale(app.em());
    const seatIds = sale.seatIds.slice(0, 2);
    const first = await client.hold('fan-1', { eventId: sale.event.id, seatIds });
    expect(first.status).toBe(201);
    const before = await inventoryState(app.em());

    const again = await client.hold('fan-1', { eventId: sale.event.id, seatIds });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('seat_unavailable');
    expect(await inventoryState(app.em())).toEqual(before);
    const view = await client.get('fan-1', first.body.holdId as string);
    expect(view.body.expiresAt).toBe(first.body.expiresAt);
  });

  test("an expired hold's seat goes to the next fan at once, before any sweeper runs", async () => {
    const sale = await createHoldsSale(app.em());
    const seat = sale.seatIds[0] as string;
    const lapsed = await createHold(app.em(), sale.drop, { userId: 'fan-1', seatIds: [seat], expiresInSeconds: -5 });
    const [version] = await readSeats(app.em(), [seat]);

    const answer = await client.hold('fan-2', { eventId: sale.event.id, seatIds: [seat] });
    expect(answer.status).toBe(201);
    const [after] = await readSeats(app.em(), [seat]);
    expect(after).toMatchObject({ status: 'held', holdId: answer.body.holdId, version: (version?.version ?? 0) + 1 });
    // The old hold was never swept, yet its owner sees it as expired.
    const old = await client.get('fan-1', lapsed.id);
    expect(old.status).toBe(200);
    expect(old.body.status).toBe('expired');
  });

  test('a fan cannot hold more than the drop allows, counting live holds and sold seats', async () => {
    const sale = await createHoldsSale(app.em(), { perUserLimit: 3 });
    const [s1, s2, s3, s4, s5] = sale.seatIds as [string, string, string, string, string];
    // Two seats already sold to the fan in this drop.
    const sold = await createHold(app.em(), sale.drop, { userId: 'fan-1', seatIds: [s1, s2], status: 'converted' });
    await app.em().execute(
      `WITH o AS (INSERT INTO orders (id, user_id, event_id, drop_id, hold_id, idempotency_key, status, total_cents, currency)
                  VALUES (gen_random_uuid(), 'fan-1', ?, ?, ?, 'k1', 'paid', 9000, 'EUR') RETURNING id)
       INSERT INTO tickets (id, order_id, seat_id, event_id, user_id)
       SELECT gen_random_uuid(), o.id, s, ?, 'fan-1' FROM o, unnest(?::uuid[]) AS s`,
      [sale.event.id, sale.drop.id, sold.id, sale.event.id, `{${s1},${s2}}`],
    );
    await app.em().execute(`UPDATE seats SET status = 'sold' WHERE id IN (?, ?)`, [s1, s2]);

    expect((await client.hold('fan-1', { eventId: sale.event.id, seatIds: [s3] })).status).toBe(201);
    const before = await inventoryState(app.em());
    const over = await client.hold('fan-1', { eventId: sale.event.id, seatIds: [s4] });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'per_user_limit_exceeded', limit: 3 });
    expect(await inventoryState(app.em())).toEqual(before);
    // Another fan is not affected.
    expect((await client.hold('fan-2', { eventId: sale.event.id, seatIds: [s5] })).status).toBe(201);
  });

  test('20 concurrent requests from one fan get exactly the per-fan cap', async () => {
    const sale = await createHoldsSale(app.em(), { seats: 20, perUserLimit: 4 });
    const answers = await Promise.all(
      sale.seatIds.map((seatId) => client.hold('fan-greedy', { eventId: sale.event.id, seatIds: [seatId] })),
    );
    const statuses = answers.map((a) => `${a.status} ${typeof a.body.code === 'string' ? a.body.code : ''}`.trim());
    expect(statuses.filter((s) => s === '201')).toHaveLength(4);
    expect(statuses.filter((s) => s === '409 per_user_limit_exceeded')).toHaveLength(16);
    const [row] = await app.em().execute<Array<{ seats: number; held: number }>>(
      `SELECT (SELECT coalesce(sum(seat_count), 0)::int FROM holds WHERE user_id = 'fan-greedy' AND status = 'active') AS seats,
                (SELECT count(*)::int FROM seats WHERE event_id = ? AND status = 'held') AS held`,
      [sale.event.id],
    );
    expect(row).toEqual({ seats: 4, held: 4 });
  });

  test('the drop is taken from the event unless named, and must be open', async () => {
    const sale = await createHoldsSale(app.em());
    const [a, b, c, d] = sale.seatIds as [string, string, string, string];
    const named = await client.hold('fan-1', { eventId: sale.event.id, dropId: sale.drop.id, seatIds: [a] });
    expect(named.status).toBe(201);
    expect(named.body.dropId).toBe(sale.drop.id);

    const windows = [
      `opens_at = now() + interval '1 hour', closes_at = NULL`,
      `opens_at = now() - interval '2 hours', closes_at = now() - interval '1 hour'`,
      `opens_at = now() - interval '1 hour', closes_at = NULL, paused = true`,
    ];
    for (const window of windows) {
      await app.em().execute(`UPDATE drops SET ${window} WHERE id = ?`, [sale.drop.id]);
      const before = await inventoryState(app.em());
      for (const body of [
        { eventId: sale.event.id, seatIds: [b] },
        { eventId: sale.event.id, dropId: sale.drop.id, seatIds: [c] },
        { eventId: sale.event.id, sectionId: sale.general.id, quantity: 1 },
      ]) {
        const answer = await client.hold('fan-1', body);
        expect([window, answer.status, answer.body.code]).toEqual([window, 409, 'drop_not_open']);
      }
      expect(await inventoryState(app.em())).toEqual(before);
    }
    await app.em().execute(`UPDATE drops SET paused = false WHERE id = ?`, [sale.drop.id]);
    expect((await client.hold('fan-1', { eventId: sale.event.id, seatIds: [d] })).status).toBe(201);
  });

  test('a seat whose lock is held past the lock timeout answers 503 busy with Retry-After, changing nothing', async () => {
    const sale = await createHoldsSale(app.em());
    const seat = sale.seatIds[0] as string;
    const blocker = new pg.Client({ connectionString: app.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock($1)', [inventoryLockKey(seat).toString()]);
      const before = await inventoryState(app.em());
      const answer = await client.hold('fan-1', { eventId: sale.event.id, seatIds: [seat] });
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('busy');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await inventoryState(app.em())).toEqual(before);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect((await client.hold('fan-1', { eventId: sale.event.id, seatIds: [seat] })).status).toBe(201);
  });

  test('a placed hold wakes the outbox relay (NOTIFY on commit)', async () => {
    const sale = await createHoldsSale(app.em());
    const listener = new pg.Client({ connectionString: app.db.url });
    await listener.connect();
    try {
      await listener.query('LISTEN outbox');
      const notified = new Promise<string>((resolve) =>
        listener.once('notification', (n: pg.Notification) => resolve(n.channel)),
      );
      expect((await client.hold('fan-1', { eventId: sale.event.id, seatIds: [sale.seatIds[0]] })).status).toBe(201);
      expect(await notified).toBe('outbox');
    } finally {
      await listener.end();
    }
  });
});

describe('POST /holds, general admission', () => {
  test('takes the asked number of free places of the section, or none', async () => {
    const sale = await createHoldsSale(app.em(), { generalPlaces: 3, perUserLimit: 10 });
    const two = await client.hold('fan-1', { eventId: sale.event.id, sectionId: sale.general.id, quantity: 2 });
    expect(two.status).toBe(201);
    const seats = two.body.seats as Array<{ seatId: string; sectionId: string }>;
    expect(seats).toHaveLength(2);
    expect(seats.every((s) => sale.general.seatIds.includes(s.seatId) && s.sectionId === sale.general.id)).toBe(true);

    const before = await inventoryState(app.em());
    const tooMany = await client.hold('fan-2', { eventId: sale.event.id, sectionId: sale.general.id, quantity: 2 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({ code: 'seat_unavailable', seats: [] });
    expect(await inventoryState(app.em())).toEqual(before);
    expect(
      (await client.hold('fan-2', { eventId: sale.event.id, sectionId: sale.general.id, quantity: 1 })).status,
    ).toBe(201);
  });

  test('concurrent fans share out the places exactly once', async () => {
    const sale = await createHoldsSale(app.em(), { generalPlaces: 10 });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        client.hold(`ga-fan-${i}`, { eventId: sale.event.id, sectionId: sale.general.id, quantity: 1 }),
      ),
    );
    const statuses = answers.map((a) => `${a.status} ${typeof a.body.code === 'string' ? a.body.code : ''}`.trim());
    expect(statuses.filter((s) => s === '201')).toHaveLength(10);
    expect(statuses.filter((s) => s === '409 seat_unavailable')).toHaveLength(20);
    const won = answers.flatMap((a) => (a.status === 201 ? (a.body.seats as Array<{ seatId: string }>) : []));
    expect(new Set(won.map((s) => s.seatId))).toEqual(new Set(sale.general.seatIds));
  });

  test('sections and places are addressed the way their kind is sold', async () => {
    const sale = await createHoldsSale(app.em());
    const before = await inventoryState(app.em());
    const reservedByQuantity = await client.hold('fan-1', {
      eventId: sale.event.id,
      sectionId: sale.section.id,
      quantity: 1,
    });
    expect([reservedByQuantity.status, reservedByQuantity.body.code]).toEqual([400, 'section_not_general_admission']);
    const placeById = await client.hold('fan-1', { eventId: sale.event.id, seatIds: [sale.general.seatIds[0]] });
    expect([placeById.status, placeById.body.code]).toEqual([400, 'seat_in_general_admission']);
    expect(await inventoryState(app.em())).toEqual(before);
  });
});
