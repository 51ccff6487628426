import pg from 'pg';
import { createLogger } from '@ticketing/common';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing';
import { createDatabase, type Database } from '../db/database.ts';
import { createOrm, migrate, type MikroORM } from '../db/orm.ts';
import { startSweeper } from '../holds/sweep.ts';
import { createDrop, createEvent, createHold, createSale, readOutbox, type SaleFixture } from '../testing/factories.ts';
import { publishDropInventory, startInventoryPublisher } from './publish.ts';
import { readDropCounts } from './repo.ts';

const logger = createLogger('inventory-test', 'silent');
let db: TestDatabase;
let orm: MikroORM;
let database: Database;

beforeAll(async () => {
  db = await createTestDatabase('inventory');
  orm = await createOrm({ databaseUrl: db.url, logger, poolSize: 8 });
  await migrate(orm);
  database = createDatabase(orm, logger);
});
afterAll(async () => {
  await database.close();
  await orm.close();
  await db.drop();
});

const em = () => orm.em.fork();

async function inventoryMessages(dropId: string) {
  return (await readOutbox(em(), 'drop.inventory')).filter((m) => m.data.dropId === dropId).map((m) => m.data);
}

const round = (drop: { id: string }) => publishDropInventory(database, { dropIds: [drop.id] });

async function sell(seatIds: string[]): Promise<void> {
  await em().execute(
    `UPDATE seats SET status = 'sold', hold_id = NULL, held_until = NULL, version = version + 1 WHERE id = ANY(?::uuid[])`,
    [`{${seatIds.join(',')}}`],
  );
}

async function lapse(holdId: string): Promise<void> {
  await em().execute(`UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = ?`, [holdId]);
  await em().execute(`UPDATE seats SET held_until = now() - interval '1 second' WHERE hold_id = ?`, [holdId]);
}

describe('drop inventory', () => {
  let sale: SaleFixture;
  beforeEach(async () => {
    sale = await createSale(em(), { seats: 3 });
  });

  test('sold out only when no seat is free and none is in a live hold; a lapsed hold frees its seat before any sweep', async () => {
    const [s1, s2, s3] = sale.seatIds as [string, string, string];
    const first = await round(sale.drop);
    expect(first.published).toEqual([
      { dropId: sale.drop.id, eventId: sale.event.id, available: 3, held: 0, soldOut: false, sequence: 1 },
    ]);

    const hold = await createHold(em(), sale.drop, { userId: 'fan-1', seatIds: [s1] });
    await sell([s2]);
    expect((await round(sale.drop)).published).toEqual([
      { dropId: sale.drop.id, eventId: sale.event.id, available: 1, held: 1, soldOut: false, sequence: 2 },
    ]);

    await sell([s3]);
    expect((await round(sale.drop)).published).toEqual([
      { dropId: sale.drop.id, eventId: sale.event.id, available: 0, held: 1, soldOut: false, sequence: 3 },
    ]);

    await lapse(hold.id);
    expect((await round(sale.drop)).published).toEqual([
      { dropId: sale.drop.id, eventId: sale.event.id, available: 1, held: 0, soldOut: false, sequence: 4 },
    ]);

    await sell([s1]);
    expect((await round(sale.drop)).published).toEqual([
      { dropId: sale.drop.id, eventId: sale.event.id, available: 0, held: 0, soldOut: true, sequence: 5 },
    ]);
    expect((await inventoryMessages(sale.drop.id)).map((m) => m.soldOut)).toEqual([false, false, false, false, true]);
  });

  test('nothing is written when the numbers did not move', async () => {
    await round(sale.drop);
    const hold = await createHold(em(), sale.drop, { userId: 'fan-1', seatIds: [sale.seatIds[0]!] });
    expect((await round(sale.drop)).published).toHaveLength(1);
    expect((await round(sale.drop)).published).toEqual([]);

    // The hold lapses and a fan takes the same seat again: different rows, the same numbers.
    await lapse(hold.id);
    await createHold(em(), sale.drop, { userId: 'fan-2', seatIds: [sale.seatIds[0]!] });
    expect((await round(sale.drop)).published).toEqual([]);
    expect(await inventoryMessages(sale.drop.id)).toHaveLength(2);
  });

  test('concurrent rounds publish a change once', async () => {
    await round(sale.drop);
    await sell([sale.seatIds[0]!]);
    const rounds = await Promise.all(Array.from({ length: 6 }, () => round(sale.drop)));
    expect(rounds.flatMap((r) => r.published)).toEqual([
      { dropId: sale.drop.id, eventId: sale.event.id, available: 2, held: 0, soldOut: false, sequence: 2 },
    ]);
    expect(await inventoryMessages(sale.drop.id)).toHaveLength(2);
  });

  test('each published change carries the next number of its drop, so consumers can order reports without clocks', async () => {
    const other = await createSale(em(), { seats: 2 });
    expect((await round(sale.drop)).published.map((m) => m.sequence)).toEqual([1]);
    await sell([sale.seatIds[0]!]);
    expect((await round(sale.drop)).published.map((m) => m.sequence)).toEqual([2]);
    // Nothing moved: no message, and no number used up.
    expect((await round(sale.drop)).published).toEqual([]);
    await sell([sale.seatIds[1]!]);
    expect((await round(sale.drop)).published.map((m) => m.sequence)).toEqual([3]);
    // Each drop counts on its own.
    expect((await round(other.drop)).published.map((m) => m.sequence)).toEqual([1]);
    expect((await inventoryMessages(sale.drop.id)).map((m) => [m.available, m.sequence])).toEqual([
      [3, 1],
      [2, 2],
      [1, 3],
    ]);
  });

  test('a drop another publisher holds is left to it, and published once it lets go', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('drop.inventory'), hashtext($1))`, [sale.drop.id]);
      expect(await round(sale.drop)).toEqual({ published: [], busy: 1 });
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    expect(await round(sale.drop)).toMatchObject({ published: [{ dropId: sale.drop.id, available: 3 }], busy: 0 });
  });

  test('seats of another drop do not count; seats of no drop count for every drop of the event', async () => {
    const second = await createDrop(em(), sale.event.id);
    await em().execute('UPDATE seats SET drop_id = NULL WHERE id = ?', [sale.seatIds[0]!]);
    expect(await database.read((sql) => readDropCounts(sql, second.id))).toEqual({
      dropId: second.id,
      eventId: sale.event.id,
      available: 1,
      held: 0,
    });
    expect(await database.read((sql) => readDropCounts(sql, sale.drop.id))).toMatchObject({ available: 3 });
  });

  test('closed drops and cancelled or past events are not watched', async () => {
    const closed = await createDrop(em(), sale.event.id, { opensAt: new Date(Date.now() - 7_200_000) });
    await em().execute(`UPDATE drops SET closes_at = now() - interval '1 minute' WHERE id = ?`, [closed.id]);
    const cancelledEvent = await createEvent(em(), { status: 'cancelled' });
    const cancelled = await createDrop(em(), cancelledEvent.id);
    const pastEvent = await createEvent(em(), { startsAt: new Date(Date.now() - 86_400_000) });
    const past = await createDrop(em(), pastEvent.id, { opensAt: new Date(Date.now() - 2 * 86_400_000) });
    const result = await publishDropInventory(database, { dropIds: [closed.id, cancelled.id, past.id, sale.drop.id] });
    expect(result.published.map((m) => m.dropId)).toEqual([sale.drop.id]);
  });
});

describe('the sweeper process', () => {
  test('publishes right after the sweeper ends lapsed holds, without waiting for its interval', async () => {
    const sale = await createSale(em(), { seats: 2 });
    await publishDropInventory(database);
    const hold = await createHold(em(), sale.drop, { userId: 'fan-1', seatIds: sale.seatIds });
    await publishDropInventory(database);
    expect((await inventoryMessages(sale.drop.id)).at(-1)).toMatchObject({ available: 0, held: 2, soldOut: false });
    await lapse(hold.id);

    // An interval no test would wait for: only the sweeper's nudge can publish.
    const inventory = startInventoryPublisher(database, logger, { intervalMs: 3_600_000 });
    const sweeper = startSweeper(database, logger, {
      intervalMs: 20,
      batchSize: 10,
      onReleased: () => inventory.publishNow(),
    });
    try {
      for (;;) {
        const last = (await inventoryMessages(sale.drop.id)).at(-1);
        if (last?.available === 2) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await sweeper.stop();
      await inventory.stop();
    }
    expect((await inventoryMessages(sale.drop.id)).at(-1)).toEqual({
      dropId: sale.drop.id,
      eventId: sale.event.id,
      available: 2,
      held: 0,
      soldOut: false,
      sequence: 3,
    });
    const [status] = await em().execute<Array<{ status: string }>>('SELECT status FROM holds WHERE id = ?', [hold.id]);
    expect(status?.status).toBe('expired');
  });
});
