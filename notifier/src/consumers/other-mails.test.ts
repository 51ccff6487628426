import { randomUUID } from 'node:crypto';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { createReminderStore, encodeTicketCode, type Envelope, type MessageType } from '@ticketing/common';
import { findDropOpening } from '@ticketing/booking/read-models';
import { createWorld, updateDrop, type World } from '@ticketing/booking/testing';
import { eventually, startNotifierHarness, type NotifierHarness } from '../testing/harness.ts';
import { createPaidOrder } from '../testing/orders.ts';

let h: NotifierHarness;
let world: World;

beforeAll(async () => {
  h = await startNotifierHarness('notifier_other_mails');
  world = await createWorld(h.pool, { reserved: 10, general: 0, eventName: 'La Traviata' });
});

afterAll(async () => {
  await h.close();
});

function envelope<T extends MessageType>(type: T, data: Envelope<T>['data']): Envelope<T> {
  return { id: randomUUID(), type, occurredAt: new Date().toISOString(), data };
}

const settled = async () => (await h.metric('messages_handled_total')) + (await h.metric('messages_duplicate_total'));

test('a fan whose hold ran out is told they were not charged', async () => {
  const order = await createPaidOrder(h.pool, world, [world.seatIds[0] as string], {
    email: 'nc@example.test',
    name: 'Nia',
  });
  await h.publish(envelope('order.expired_not_charged', order.summary));
  const [mail] = await eventually(
    () => h.mailsTo('nc@example.test'),
    (m) => m.length > 0,
  );
  expect(mail?.subject).toBe('Your order for La Traviata could not be completed: you were not charged');
  expect(mail?.text).toContain('You have not been charged.');
  expect(mail?.text).toContain('Stalls · Row A · Seat 1');
  expect(mail?.attachments).toHaveLength(0);
});

test('a refund says how much came back and that the tickets stopped working', async () => {
  const order = await createPaidOrder(h.pool, world, [world.seatIds[1] as string, world.seatIds[2] as string], {
    email: 'rf@example.test',
  });
  await h.publish(
    envelope('order.refunded', {
      ...order.summary,
      refundedCents: 4_500,
      ticketIds: [order.tickets[0]?.ticketId ?? ''],
      seatsReturned: true,
    }),
  );
  const [mail] = await eventually(
    () => h.mailsTo('rf@example.test'),
    (m) => m.length > 0,
  );
  expect(mail?.subject).toBe('Your refund for La Traviata');
  expect(mail?.text).toContain('We have refunded €45.00');
  expect(mail?.text).toContain('€90.00 paid');
  expect(mail?.text).toContain('1 ticket(s) are cancelled');
});

test('a reissued ticket comes with its new QR code, which carries the new version', async () => {
  const order = await createPaidOrder(h.pool, world, [world.seatIds[3] as string], { email: 'ri@example.test' });
  const ticket = order.tickets[0];
  if (!ticket) throw new Error('no ticket');
  await h.publish(envelope('ticket.reissued', { ...ticket, version: 2, previousVersion: 1, email: 'ri@example.test' }));
  const [mail] = await eventually(
    () => h.mailsTo('ri@example.test'),
    (m) => m.length > 0,
  );
  expect(mail?.subject).toBe('Your new ticket for La Traviata');
  const png = mail?.attachments.find((a) => a.contentType === 'image/png');
  const image = PNG.sync.read(png?.content ?? Buffer.alloc(0));
  const decoded = jsqr.default(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
  expect(decoded).toBe(
    encodeTicketCode({ ticketId: ticket.ticketId, eventId: world.eventId, version: 2 }, h.ticketKey),
  );
  expect(decoded).not.toBe(
    encodeTicketCode({ ticketId: ticket.ticketId, eventId: world.eventId, version: 1 }, h.ticketKey),
  );
  expect(mail?.attachments.some((a) => a.contentType === 'application/pdf')).toBe(true);
});

test('fans who asked are reminded once when a drop is about to open; the others are not', async () => {
  const reminders = createReminderStore(h.reminderRedis);
  const soon = await createWorld(h.pool, { reserved: 2, general: 0, eventName: 'Opening Night' });
  await updateDrop(h.pool, soon.dropId, { opensAt: new Date(Date.now() + 10 * 60_000), name: 'First release' });
  await reminders.subscribe(soon.dropId, 'fan-a', { email: 'a@example.test', name: 'Ada' });
  await reminders.subscribe(soon.dropId, 'fan-b', { email: 'b@example.test', name: null });
  await reminders.subscribe(soon.dropId, 'fan-c', { email: 'c@example.test', name: null });
  expect(await reminders.unsubscribe(soon.dropId, 'fan-c')).toBe(true);

  expect(await h.notifier.scheduler.scan()).toBe(1);
  // A second scan (another instance, or the next tick) announces nothing new.
  expect(await h.notifier.scheduler.scan()).toBe(0);

  const a = await eventually(
    () => h.mailsTo('a@example.test'),
    (m) => m.length > 0,
  );
  await eventually(
    () => h.mailsTo('b@example.test'),
    (m) => m.length > 0,
  );
  expect(a[0]?.subject).toBe('Tickets for Opening Night go on sale soon');
  expect(a[0]?.text).toContain('Hello Ada,');
  expect(a[0]?.text).toContain('(First release)');

  // The same reminder delivered again sends nothing more.
  const before = await settled();
  const drop = await findDropOpening(h.pool, soon.dropId);
  const again = envelope('drop.reminder_due', {
    dropId: soon.dropId,
    eventId: soon.eventId,
    dropName: 'First release',
    opensAt: drop?.opensAt.toISOString() ?? '',
  });
  await h.publish(again);
  await h.publish(again);
  await eventually(settled, (n) => n >= before + 2);
  expect(h.mailsTo('a@example.test')).toHaveLength(2);
  expect(h.mailsTo('b@example.test')).toHaveLength(2);
  expect(h.mailsTo('c@example.test')).toHaveLength(0);
});
