import { typedEnvelopeSchema, type MessageType } from '@ticketing/common';
import { createHoldsService } from '../holds/service.ts';
import { sweepExpiredHolds } from '../holds/sweep.ts';
import { createHoldsSale } from '../holds/test-support.ts';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { envelopeOf } from './enqueue.ts';

/*
 * Two hot paths build their messages in SQL (the place_hold function,
 * ending holds) instead of going through `enqueue`. They are held to the same
 * contract: every row they write parses with the message's schema from
 * common/src/events.ts and has no member the schema does not name, and its
 * shape is the one the typed writer builds for the same data.
 */

let app: BookingTestApp;

beforeAll(async () => {
  app = await startBookingTestApp('outbox_contract');
});
afterAll(() => app.close());

interface Row {
  routing_key: MessageType;
  payload: Record<string, unknown>;
}

async function outboxSince(id: number): Promise<Array<Row & { id: number }>> {
  return app
    .em()
    .execute<Array<Row & { id: number }>>('SELECT id::int, routing_key, payload FROM outbox WHERE id > ? ORDER BY id', [
      id,
    ]);
}

async function lastOutboxId(): Promise<number> {
  const [row] = await app.em().execute<Array<{ id: number }>>('SELECT coalesce(max(id), 0)::int AS id FROM outbox');
  return row?.id ?? 0;
}

/** The payload as the schema reads it; parsing drops unknown members, so equality means there were none. */
function checked(row: Row): Record<string, unknown> {
  return typedEnvelopeSchema(row.routing_key).parse(row.payload);
}

/** Member names, recursively, with arrays reduced to their first element: the shape, not the values. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  }
  return typeof value;
}

test("a hold's messages and a sweep's messages follow the contract the typed writer enforces", async () => {
  const sale = await createHoldsSale(app.em(), { seats: 4 });
  const holds = createHoldsService({
    db: app.booking.db,
    admission: { verify: () => Promise.reject(new Error('the drop has no queue')) },
  });
  const start = await lastOutboxId();
  const placed = await holds.placeHold(
    'fan-contract',
    { eventId: sale.event.id, seatIds: sale.seatIds.slice(0, 2) },
    undefined,
  );
  await app.em().execute(`UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = ?`, [placed.holdId]);
  await app
    .em()
    .execute(`UPDATE seats SET held_until = now() - interval '1 second' WHERE hold_id = ?`, [placed.holdId]);
  expect(await sweepExpiredHolds(app.booking.db, { batchSize: 10 })).toMatchObject({ holds: 1, seats: 2 });

  const rows = await outboxSince(start);
  expect(rows.map((r) => r.routing_key)).toEqual(['seat.held', 'hold.created', 'seat.released', 'hold.ended']);
  for (const row of rows) {
    expect(checked(row)).toEqual(row.payload);
    const typed = envelopeOf(row.routing_key, checked(row).data as never);
    expect(shape(row.payload)).toEqual(shape(typed));
  }
});

test('the messages of a general-admission hold placed by place_hold follow the contract', async () => {
  const sale = await createHoldsSale(app.em(), { seats: 2, generalPlaces: 3 });
  const holds = createHoldsService({
    db: app.booking.db,
    admission: { verify: () => Promise.reject(new Error('the drop has no queue')) },
  });
  const start = await lastOutboxId();
  const placed = await holds.placeHold(
    'fan-contract-ga',
    { eventId: sale.event.id, sectionId: sale.general.id, quantity: 2 },
    undefined,
  );
  const rows = await outboxSince(start);
  expect(rows.map((r) => r.routing_key)).toEqual(['seat.held', 'hold.created']);
  for (const row of rows) {
    expect(checked(row)).toEqual(row.payload);
    const typed = envelopeOf(row.routing_key, checked(row).data as never);
    expect(shape(row.payload)).toEqual(shape(typed));
  }
  const [held, created] = rows.map((r) => checked(r).data as Record<string, unknown>);
  expect((held?.seats as Array<{ seatId: string }>).map((s) => s.seatId).sort()).toEqual(
    placed.seats.map((s) => s.seatId).sort(),
  );
  expect(created).toMatchObject({ holdId: placed.holdId, seatCount: 2, expiresAt: placed.expiresAt });
});
