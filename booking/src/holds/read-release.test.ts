import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { createHold, readOutbox, readSeats } from '../testing/factories.ts';
import { createHoldsSale, holdsClient, inventoryState } from './test-support.ts';

let app: BookingTestApp;
let client: ReturnType<typeof holdsClient>;

beforeAll(async () => {
  app = await startBookingTestApp('holds_read');
  client = holdsClient(app);
});
afterAll(async () => {
  await app.close();
});

describe('GET and DELETE /holds/:id', () => {
  test('the owner reads and releases the hold; seats return with a new version and events', async () => {
    const sale = await createHoldsSale(app.em());
    const seatIds = sale.seatIds.slice(0, 2);
    const placed = await client.hold('fan-1', { eventId: sale.event.id, seatIds });
    const holdId = placed.body.holdId as string;

    const view = await client.get('fan-1', holdId);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ holdId, status: 'active', expiresAt: placed.body.expiresAt });
    const held = await readSeats(app.em(), seatIds);

    const released = await client.release('fan-1', holdId);
    expect(released.status).toBe(204);
    const after = await readSeats(app.em(), seatIds);
    expect(after.map((s) => [s.status, s.holdId, s.version])).toEqual(
      held.map((s) => ['available', null, s.version + 1]),
    );
    const ended = (await readOutbox(app.em(), 'hold.ended')).filter((m) => m.data.holdId === holdId);
    expect(ended.map((m) => m.data.reason)).toEqual(['released']);
    const freed = (await readOutbox(app.em(), 'seat.released')).filter((m) => m.data.eventId === sale.event.id);
    expect(freed.flatMap((m) => m.data.seats as unknown[])).toEqual(
      expect.arrayContaining(
        after.map((s) => ({ seatId: s.id, sectionId: sale.section.id, status: 'available', version: s.version })),
      ),
    );
    expect((await client.get('fan-1', holdId)).body.status).toBe('released');

    // Releasing again changes nothing and still answers 204.
    const before = await inventoryState(app.em());
    expect((await client.release('fan-1', holdId)).status).toBe(204);
    expect(await inventoryState(app.em())).toEqual(before);
    // The seats are on sale again.
    expect((await client.hold('fan-2', { eventId: sale.event.id, seatIds })).status).toBe(201);
  });

  test("another fan's hold is a 404 to read and to release, and stays put", async () => {
    const sale = await createHoldsSale(app.em());
    const placed = await client.hold('fan-1', { eventId: sale.event.id, seatIds: [sale.seatIds[0]] });
    const holdId = placed.body.holdId as string;
    const before = await inventoryState(app.em());
    const read = await client.get('fan-2', holdId);
    expect([read.status, read.body.code]).toEqual([404, 'hold_not_found']);
    const release = await client.release('fan-2', holdId);
    expect([release.status, release.body.code]).toEqual([404, 'hold_not_found']);
    expect(await inventoryState(app.em())).toEqual(before);
    const unknown = await client.get('fan-1', '3f0e7a4c-5b2d-4e1f-9a8b-7c6d5e4f3a2b');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'hold_not_found']);
    const malformed = await client.get('fan-1', 'not-a-uuid');
    expect([malformed.status, malformed.body.code]).toEqual([400, 'validation_failed']);
  });

  test('a hold that became an order cannot be released here', async () => {
    const sale = await createHoldsSale(app.em());
    const converted = await createHold(app.em(), sale.drop, {
      userId: 'fan-1',
      seatIds: [sale.seatIds[0] as string],
      status: 'converted',
    });
    const answer = await client.release('fan-1', converted.id);
    expect([answer.status, answer.body.code]).toEqual([409, 'hold_converted']);
  });
});
