import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing';
import { createLogger } from '@ticketing/common';
import { createOrm, migrate, type MikroORM } from '../db/orm.ts';
import { startBookingProcess, type BookingProcess } from '../testing/booking-process.ts';
import { startTestIdentity, type TestIdentity } from '../testing/identity.ts';
import { createHoldsSale, type HoldsSale } from './test-support.ts';

/*
 * Many fans, several real booking processes, one database: the seat
 * inventory must stay exact. Four `node booking/src/main.ts` processes share
 * the test database; fans spread their attempts over all of them.
 */

const timeoutMs = 240_000;

let db: TestDatabase;
let orm: MikroORM;
let identity: TestIdentity;
const processes: BookingProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase('holds_contention');
  orm = await createOrm({ databaseUrl: db.url, poolSize: 2, logger: createLogger('contention', 'silent') });
  await migrate(orm);
  identity = await startTestIdentity();
  // Each process is kept as soon as it runs, so afterAll stops it even if another fails to start.
  await Promise.all(
    [1, 2, 3, 4].map(async () => {
      const started = await startBookingProcess({
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: '5',
        // Generous: under this load a lock wait is short, and a 503 here would be a finding.
        DATABASE_LOCK_TIMEOUT_MS: '10000',
        ...identity.env(),
      });
      processes.push(started);
    }),
  );
}, timeoutMs);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await orm?.close();
  await identity?.close();
  await db?.drop();
}, timeoutMs);

interface Fan {
  id: string;
  accessToken: string;
  admissionToken: string;
}

async function fansFor(sale: HoldsSale, count: number): Promise<Fan[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const id = `fan-${sale.drop.id.slice(0, 8)}-${i}`;
      return {
        id,
        accessToken: await identity.accessToken(id),
        admissionToken: await identity.admissionToken({
          sub: id,
          drop: sale.drop.id,
          event: sale.event.id,
          maxSeats: 4,
        }),
      };
    }),
  );
}

interface Attempt {
  status: number;
  code: string | undefined;
  seats: string[];
  /** When the winner gave the seats straight back: the DELETE's status. */
  released?: number;
}

/** `attempts` holds spread over `fans` working concurrently, each on every process in turn. */
async function storm(
  sale: HoldsSale,
  fans: Fan[],
  attempts: number,
  pick: () => string[],
  releaseEvery = 0,
): Promise<Attempt[]> {
  const results: Attempt[] = [];
  let issued = 0;
  await Promise.all(
    fans.map(async (fan, f) => {
      for (let n = f; issued < attempts; n++) {
        issued += 1;
        const target = processes[n % processes.length] as BookingProcess;
        const response = await fetch(`${target.url}/holds`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${fan.accessToken}`,
            'admission-token': fan.admissionToken,
          },
          body: JSON.stringify({ eventId: sale.event.id, seatIds: pick() }),
        });
        const body = (await response.json()) as {
          code?: string;
          holdId?: string;
          seats?: Array<string | { seatId: string }>;
        };
        const attempt: Attempt = {
          status: response.status,
          code: body.code,
          seats: (body.seats ?? []).map((s) => (typeof s === 'string' ? s : s.seatId)),
        };
        // Some winners give their seats straight back, so the contention never settles.
        if (body.holdId && releaseEvery > 0 && results.length % releaseEvery === 0) {
          const release = await fetch(`${target.url}/holds/${body.holdId}`, {
            method: 'DELETE',
            headers: { authorization: `Bearer ${fan.accessToken}` },
          });
          attempt.released = release.status;
        }
        results.push(attempt);
      }
    }),
  );
  return results;
}

const randomSeat = (sale: HoldsSale) => sale.seatIds[Math.floor(Math.random() * sale.seatIds.length)] as string;

function tally(results: Attempt[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = `${r.status} ${r.code ?? ''}`.trim();
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The inventory's invariants, checked in SQL for one drop. */
async function invariants(dropId: string) {
  const [row] = await orm.em.fork().execute<
    Array<{
      active: number;
      held_seats: number;
      seats_in_active: number;
      doubly_held: number;
      partial: number;
      stray: number;
    }>
  >(
    `WITH d AS (SELECT ?::uuid AS id)
     SELECT
       (SELECT count(*)::int FROM holds, d WHERE drop_id = d.id AND status = 'active') AS active,
       (SELECT count(*)::int FROM seats s, d WHERE s.drop_id = d.id AND s.status = 'held') AS held_seats,
       (SELECT coalesce(sum(seat_count), 0)::int FROM holds, d WHERE drop_id = d.id AND status = 'active') AS seats_in_active,
       (SELECT count(*)::int FROM (SELECT hs.seat_id FROM hold_seats hs JOIN holds h ON h.id = hs.hold_id, d
                                    WHERE h.drop_id = d.id AND h.status = 'active'
                                    GROUP BY hs.seat_id HAVING count(*) > 1) x) AS doubly_held,
       (SELECT count(*)::int FROM holds h, d WHERE h.drop_id = d.id AND h.status = 'active'
           AND h.seat_count <> (SELECT count(*) FROM seats s WHERE s.hold_id = h.id AND s.status = 'held')) AS partial,
       (SELECT count(*)::int FROM seats s LEFT JOIN holds h ON h.id = s.hold_id, d
          WHERE s.drop_id = d.id AND s.status = 'held' AND (h.id IS NULL OR h.status <> 'active')) AS stray`,
    [dropId],
  );
  return row;
}

describe('holds under contention across four booking processes', () => {
  test(
    '5,000 attempts by 200 fans on 200 seats: exactly 200 holds, every loser a 409',
    async () => {
      const sale = await createHoldsSale(orm.em.fork(), {
        seats: 200,
        generalPlaces: 0,
        queue: true,
        perUserLimit: 50,
      });
      const fans = await fansFor(sale, 200);
      const results = await storm(sale, fans, 5_000, () => [randomSeat(sale)]);

      expect(results).toHaveLength(5_000);
      expect(tally(results)).toEqual({ '201': 200, '409 seat_unavailable': 4_800 });
      const won = results.filter((r) => r.status === 201).flatMap((r) => r.seats);
      expect(new Set(won).size).toBe(200);
      expect(results.filter((r) => r.status === 409).every((r) => r.seats.length === 1)).toBe(true);
      expect(await invariants(sale.drop.id)).toEqual({
        active: 200,
        held_seats: 200,
        seats_in_active: 200,
        doubly_held: 0,
        partial: 0,
        stray: 0,
      });
      expect(processes.flatMap((p) => p.problems)).toEqual([]);
    },
    timeoutMs,
  );

  test(
    'overlapping multi-seat holds in random order: no deadlock, no 5xx, invariants hold',
    async () => {
      const sale = await createHoldsSale(orm.em.fork(), {
        seats: 100,
        generalPlaces: 0,
        queue: true,
        perUserLimit: 50,
      });
      const fans = await fansFor(sale, 200);
      const pickSeveral = () => {
        const size = 2 + Math.floor(Math.random() * 3);
        const chosen = new Set<string>();
        while (chosen.size < size) chosen.add(randomSeat(sale));
        return [...chosen];
      };
      const results = await storm(sale, fans, 3_000, pickSeveral, 2);

      const counts = tally(results);
      expect(Object.keys(counts).sort()).toEqual(['201', '409 seat_unavailable']);
      expect(results.filter((r) => r.status === 409).every((r) => r.seats.length >= 1)).toBe(true);
      const releases = results.filter((r) => r.released !== undefined);
      expect(releases.length).toBeGreaterThan(0);
      expect(releases.every((r) => r.released === 204)).toBe(true);
      const won = results.filter((r) => r.status === 201 && r.released === undefined);
      const wonSeats = won.flatMap((r) => r.seats);
      expect(new Set(wonSeats).size).toBe(wonSeats.length);
      const state = await invariants(sale.drop.id);
      expect(state).toEqual({
        active: won.length,
        held_seats: wonSeats.length,
        seats_in_active: wonSeats.length,
        doubly_held: 0,
        partial: 0,
        stray: 0,
      });
      expect(processes.flatMap((p) => p.problems)).toEqual([]);
    },
    timeoutMs,
  );
});
