import { randomUUID } from 'node:crypto';
import { addWorldSection, createWorld, setWorldEventStatus } from '@ticketing/booking/testing';
import type { Envelope, MessageType, MessageTypes } from '@ticketing/common';
import { seatMap } from '@ticketing/common/contracts/seat-map';
import { eventually, startCatalogHarness, type CatalogHarness } from '../testing/harness.ts';

/*
 * The catalog follows organizers' changes without a restart: `event.changed`
 * drops an event's cached documents (a draft remembered as missing shows
 * once published), `seatmap.changed` also rebuilds its availability from
 * PostgreSQL (new sections and seats appear at once).
 */

let h: CatalogHarness;

beforeAll(async () => {
  // Documents cached for an hour: only the messages can make a change show within the test.
  h = await startCatalogHarness('catalog_consumers', { CATALOG_DOCUMENT_TTL: '3600' });
  await h.catalog.feeder?.warmed;
});
afterAll(async () => {
  await h.close();
});

function envelope<T extends MessageType>(type: T, data: MessageTypes[T]): Envelope {
  return { id: randomUUID(), type, occurredAt: new Date().toISOString(), data };
}

const get = async (path: string) => {
  const response = await fetch(`${h.url}${path}`);
  return { status: response.status, body: await response.json() };
};

test('event.changed: a draft asked for before it was published shows once it is', async () => {
  const world = await createWorld(h.pool, { status: 'draft', eventName: 'Soon Announced' });
  expect((await get(`/events/${world.eventId}`)).status).toBe(404);
  await setWorldEventStatus(h.pool, world, 'published');
  // Still remembered as missing: the cache knows nothing of the change yet.
  expect((await get(`/events/${world.eventId}`)).status).toBe(404);

  await h.publish(envelope('event.changed', { eventId: world.eventId, version: 2, status: 'published' }));
  const shown = await eventually(
    () => get(`/events/${world.eventId}`),
    (answer) => answer.status === 200,
  );
  expect(shown.body).toMatchObject({ id: world.eventId, name: 'Soon Announced' });

  // On sale is as public as published; ended is not.
  await setWorldEventStatus(h.pool, world, 'on_sale');
  await h.publish(envelope('event.changed', { eventId: world.eventId, version: 3, status: 'on_sale' }));
  expect((await get(`/events/${world.eventId}`)).status).toBe(200);
  await setWorldEventStatus(h.pool, world, 'ended');
  await h.publish(envelope('event.changed', { eventId: world.eventId, version: 4, status: 'ended' }));
  const gone = await eventually(
    () => get(`/events/${world.eventId}`),
    (answer) => answer.status === 404,
  );
  expect(gone.status).toBe(404);
});

test('event.cancelled: a cancelled event leaves the storefront at once', async () => {
  const world = await createWorld(h.pool, { eventName: 'Called Off' });
  expect((await get(`/events/${world.eventId}`)).status).toBe(200);
  await setWorldEventStatus(h.pool, world, 'cancelled');
  // Cached for an hour: only the message can take it down.
  expect((await get(`/events/${world.eventId}`)).status).toBe(200);

  await h.publish(
    envelope('event.cancelled', {
      eventId: world.eventId,
      reason: 'The venue flooded',
      cancelledAt: new Date().toISOString(),
      dropIds: [],
    }),
  );
  const gone = await eventually(
    () => get(`/events/${world.eventId}`),
    (answer) => answer.status === 404,
  );
  expect(gone.status).toBe(404);
});

test('seatmap.changed: a new section shows in the seat map and the availability at once', async () => {
  const world = await createWorld(h.pool, { reserved: 4, general: 2 });
  const before = seatMap.parse((await get(`/events/${world.eventId}/seatmap`)).body);
  expect(before.sections.map((s) => s.name)).toEqual(['Stalls', 'Floor']);
  // A reader warms the availability cache: from here on it is served from Redis, not PostgreSQL.
  expect((await get(`/events/${world.eventId}/availability`)).status).toBe(200);
  const warm = await eventually(
    () => h.cached(world.eventId),
    (document) => document !== undefined,
  );
  expect(warm?.sections).toHaveLength(2);

  const added = await addWorldSection(h.pool, world, 'Balcony', 6);
  await h.publish(
    envelope('seatmap.changed', { eventId: world.eventId, version: 2, status: 'published', sections: 3, seats: 12 }),
  );
  const after = await eventually(
    async () => seatMap.parse((await get(`/events/${world.eventId}/seatmap`)).body),
    (map) => map.sections.length === 3,
  );
  expect(after.sections.find((s) => s.id === added.sectionId)?.rows[0]?.seats).toHaveLength(6);
  const cached = await eventually(
    () => h.cached(world.eventId),
    (document) => document?.sections.some((s) => s.sectionId === added.sectionId) === true,
  );
  expect(cached?.sections.find((s) => s.sectionId === added.sectionId)).toMatchObject({ available: 6, held: 0 });
  expect(cached).toEqual(
    await h.truth(world.eventId).then((truth) => ({ ...truth, lastEventId: cached?.lastEventId })),
  );
});
