import pg from 'pg';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { apiClient, type ApiCall } from '../testing/api-client.ts';
import { createHold, createSale, readOutbox, readSeats, type SaleFixture } from '../testing/factories.ts';
import { rowOf } from '../testing/orders.ts';

/*
 * Paying for a hold whose time ran out is allowed when its seats are still
 * free, but only on the terms a new hold would get: the drop on sale, the
 * event not cancelled, and the fan within the drop's per-fan limit.
 */

let app: BookingTestApp;
let call: ApiCall;

beforeAll(async () => {
  app = await startBookingTestApp('lapsed_sale');
  call = apiClient(app);
});
afterAll(() => app.close());

interface Placed {
  orderId: string;
  payment: { paymentId: string; confirmUrl: string };
}

/** A sale of 8 seats, not behind the queue, at most 4 seats per fan. */
async function openSale(): Promise<SaleFixture> {
  const sale = await createSale(app.em(), { seats: 8, priceCents: 1_000 });
  await app.em().execute('UPDATE drops SET queue_enabled = false, per_user_limit = 4 WHERE id = ?', [sale.drop.id]);
  return sale;
}

async function order(fan: string, holdId: string): Promise<Placed> {
  const answer = await call<Placed>('POST', '/orders', {
    as: fan,
    body: { holdId },
    headers: { 'idempotency-key': `k-${holdId}` },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

const confirm = (fan: string, placed: Placed) =>
  call<{ orderId?: string; status?: string; charged?: boolean; code?: string }>('POST', placed.payment.confirmUrl, {
    as: fan,
  });

/** Time passes: the hold's time is up, the sweeper has not run. */
async function lapse(holdId: string): Promise<void> {
  await app.em().execute(`UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = ?`, [holdId]);
  await app.em().execute(`UPDATE seats SET held_until = now() - interval '1 second' WHERE hold_id = ?`, [holdId]);
}

async function validTickets(dropId: string, fan: string): Promise<number> {
  const [row] = await app.em().execute<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM tickets t JOIN orders o ON o.id = t.order_id
        WHERE o.drop_id = ? AND o.user_id = ? AND t.status = 'valid'`,
    [dropId, fan],
  );
  return row?.n ?? 0;
}

async function expectNotSold(fan: string, placed: Placed, seats: string[]): Promise<void> {
  const before = await readSeats(app.em(), seats);
  const answer = await confirm(fan, placed);
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ orderId: placed.orderId, status: 'expired_not_charged', charged: false });
  expect(await readSeats(app.em(), seats)).toEqual(before);
  expect(await rowOf(app.em(), 'payments', placed.payment.paymentId)).toMatchObject({ status: 'authorized' });
  const cancels = await readOutbox(app.em(), 'payment.cancel_requested');
  expect(cancels.filter((m) => m.data.orderId === placed.orderId)).toHaveLength(1);
}

describe('paying for a lapsed hold', () => {
  test('is refused past the per-fan limit: the fan is not charged and keeps only the limit', async () => {
    const sale = await openSale();
    const first = sale.seatIds.slice(0, 4);
    const second = sale.seatIds.slice(4, 8);
    const lapsed = await createHold(app.em(), sale.drop, { userId: 'fan-greedy', seatIds: first });
    const firstOrder = await order('fan-greedy', lapsed.id);
    await lapse(lapsed.id);

    // A lapsed hold no longer counts, so the fan may hold four more seats...
    const held = await call<{ holdId: string }>('POST', '/holds', {
      as: 'fan-greedy',
      body: { eventId: sale.event.id, seatIds: second },
    });
    expect(held.status).toBe(201);
    const secondOrder = await order('fan-greedy', held.body.holdId);
    expect((await confirm('fan-greedy', secondOrder)).body.status).toBe('paid');

    // ...but paying for the lapsed one now would make eight.
    await expectNotSold('fan-greedy', firstOrder, first);
    expect(await validTickets(sale.drop.id, 'fan-greedy')).toBe(4);
    expect(await rowOf(app.em(), 'orders', firstOrder.orderId)).toMatchObject({ status: 'expired_not_charged' });
  });

  test("is allowed within the limit, counting the fan's other live holds", async () => {
    const sale = await openSale();
    const lapsed = await createHold(app.em(), sale.drop, { userId: 'fan-fair', seatIds: sale.seatIds.slice(0, 2) });
    const placed = await order('fan-fair', lapsed.id);
    await lapse(lapsed.id);
    await createHold(app.em(), sale.drop, { userId: 'fan-fair', seatIds: sale.seatIds.slice(2, 4) });

    const answer = await confirm('fan-fair', placed);
    expect(answer.body).toEqual({ orderId: placed.orderId, status: 'paid', charged: true });
    expect(await validTickets(sale.drop.id, 'fan-fair')).toBe(2);
  });

  test('is refused while the drop is paused or closed, or once the event is cancelled', async () => {
    const stops: Array<(sale: SaleFixture) => Promise<unknown>> = [
      (sale) => app.em().execute('UPDATE drops SET paused = true WHERE id = ?', [sale.drop.id]),
      (sale) =>
        app.em().execute(`UPDATE drops SET closes_at = now() - interval '1 second' WHERE id = ?`, [sale.drop.id]),
      (sale) => app.em().execute(`UPDATE events SET status = 'cancelled' WHERE id = ?`, [sale.event.id]),
    ];
    for (const stop of stops) {
      const sale = await openSale();
      const seats = sale.seatIds.slice(0, 2);
      const hold = await createHold(app.em(), sale.drop, { userId: 'fan-late', seatIds: seats });
      const placed = await order('fan-late', hold.id);
      await lapse(hold.id);
      await stop(sale);
      await expectNotSold('fan-late', placed, seats);
    }
  });

  test('a live hold is still sold while its drop is paused', async () => {
    const sale = await openSale();
    const hold = await createHold(app.em(), sale.drop, { userId: 'fan-live', seatIds: sale.seatIds.slice(0, 2) });
    const placed = await order('fan-live', hold.id);
    await app.em().execute('UPDATE drops SET paused = true WHERE id = ?', [sale.drop.id]);
    expect((await confirm('fan-live', placed)).body).toMatchObject({ status: 'paid', charged: true });
  });

  test("waits for the fan's lock, so the fan's own hold requests and the sale see each other", async () => {
    const sale = await openSale();
    const hold = await createHold(app.em(), sale.drop, { userId: 'fan-locked', seatIds: sale.seatIds.slice(0, 2) });
    const placed = await order('fan-locked', hold.id);
    await lapse(hold.id);

    const blocker = new pg.Client({ connectionString: app.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      // The fan lock exactly as a hold request takes it (holds/locks.ts).
      await blocker.query('SELECT pg_advisory_xact_lock(hashtext($1::text), hashtext($2::text))', [
        sale.drop.id,
        'fan-locked',
      ]);
      let settled = false;
      const answer = confirm('fan-locked', placed).finally(() => {
        settled = true;
      });
      while (!settled && !(await fanLockWaiters(blocker))) await new Promise((r) => setTimeout(r, 10));
      expect(settled).toBe(false);
      expect(await rowOf(app.em(), 'orders', placed.orderId)).toMatchObject({ status: 'pending_payment' });
      await blocker.query('COMMIT');
      expect((await answer).body).toMatchObject({ status: 'paid', charged: true });
    } finally {
      await blocker.end();
    }
  });
});

/** Whether another session waits for a two-key advisory lock (the fan lock's key space) this client holds. */
async function fanLockWaiters(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND objsubid = 2 AND NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))`,
  );
  return (rows[0]?.n ?? 0) > 0;
}
