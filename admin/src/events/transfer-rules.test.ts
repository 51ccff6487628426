import { createSale, readAudit, type SaleFixture } from '@ticketing/booking/testing';
import { adminClient, fan, organizer, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';

let app: AdminTestApp;
let call: ReturnType<typeof adminClient>;
let sale: SaleFixture;

beforeAll(async () => {
  app = await startAdminTestApp('admin_transfer_rules');
  call = adminClient(app);
  sale = await createSale(app.booking.sql(), { seats: 1 });
});
afterAll(async () => {
  await app.close();
});

describe("an event's transfer rules", () => {
  test('on until the event starts by default; the organizer switches them off and sets a deadline', async () => {
    const path = `/events/${sale.event.id}/transfer-rules`;
    const initial = await call('GET', path);
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({
      eventId: sale.event.id,
      enabled: true,
      deadline: null,
      effectiveDeadline: sale.event.startsAt.toISOString(),
    });

    const deadline = new Date(sale.event.startsAt.getTime() - 24 * 3600_000).toISOString();
    const changed = await call('PUT', path, { body: { enabled: false, deadline } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ enabled: false, deadline, effectiveDeadline: deadline });
    expect((await call('GET', path)).body).toMatchObject({ enabled: false, deadline });
    expect((await readAudit(app.booking.sql(), 'event', sale.event.id)).map((a) => a.action)).toEqual([
      'event.transfer_rules_changed',
    ]);
  });

  test('refused: a deadline after the start, a malformed body, another organizer, a fan', async () => {
    const path = `/events/${sale.event.id}/transfer-rules`;
    const late = new Date(sale.event.startsAt.getTime() + 3600_000).toISOString();
    const afterStart = await call('PUT', path, { body: { enabled: true, deadline: late } });
    expect([afterStart.status, afterStart.body.code]).toEqual([400, 'transfer_deadline_after_start']);
    const malformed = await call('PUT', path, { body: { enabled: 'yes', deadline: 'tomorrow' } });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'validation_failed']);
    const foreign = await call('PUT', path, { as: organizer('organizer-2'), body: { enabled: true, deadline: null } });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'event_not_found']);
    expect((await call('GET', path, { as: fan() })).status).toBe(403);
    expect((await call('GET', path)).body).toMatchObject({ enabled: false });
  });
});
