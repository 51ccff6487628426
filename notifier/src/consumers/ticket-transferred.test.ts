import { randomUUID } from 'node:crypto';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { encodeTicketCode, type Envelope, type MessageType } from '@ticketing/common';
import { createWorld, type World } from '@ticketing/booking/testing';
import { eventually, startNotifierHarness, type NotifierHarness } from '../testing/harness.ts';
import { createPaidOrder } from '../testing/orders.ts';

let h: NotifierHarness;
let world: World;

beforeAll(async () => {
  h = await startNotifierHarness('notifier_transfers');
  world = await createWorld(h.pool, { reserved: 2, general: 0, eventName: 'Tosca' });
});

afterAll(async () => {
  await h.close();
});

function envelope<T extends MessageType>(type: T, data: Envelope<T>['data']): Envelope<T> {
  return { id: randomUUID(), type, occurredAt: new Date().toISOString(), data };
}

test('a transfer mails the receiver the new code in their own name and tells the sender theirs is void', async () => {
  const order = await createPaidOrder(h.pool, world, [world.seatIds[0] as string], {
    userId: 'sender',
    email: 'sender@example.test',
    name: 'Sam',
  });
  const ticket = order.tickets[0];
  if (!ticket) throw new Error('no ticket');
  const moved = { ...ticket, userId: 'receiver', version: 2 };
  await h.publish(
    envelope('ticket.reissued', { ...moved, previousVersion: 1, email: 'receiver@example.test', name: 'Rita' }),
  );
  await h.publish(
    envelope('ticket.transferred', {
      ...moved,
      transferId: randomUUID(),
      previousVersion: 1,
      fromUserId: 'sender',
      fromEmail: 'sender@example.test',
      fromName: 'Sam',
      toEmail: 'receiver@example.test',
      toName: 'Rita',
    }),
  );

  const [received] = await eventually(
    () => h.mailsTo('receiver@example.test'),
    (m) => m.length > 0,
  );
  expect(received?.subject).toBe('Your new ticket for Tosca');
  expect(received?.text).toContain('Hello Rita,');
  const png = received?.attachments.find((a) => a.contentType === 'image/png');
  const image = PNG.sync.read(png?.content ?? Buffer.alloc(0));
  expect(jsqr.default(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(
    encodeTicketCode({ ticketId: ticket.ticketId, eventId: world.eventId, version: 2 }, h.ticketKey),
  );

  const [sent] = await eventually(
    () => h.mailsTo('sender@example.test'),
    (m) => m.length > 0,
  );
  expect(sent?.subject).toBe('Your ticket for Tosca was transferred');
  expect(sent?.text).toContain('Hello Sam,');
  expect(sent?.text).toContain('now belongs to Rita (receiver@example.test)');
  expect(sent?.text).toContain('yours no longer works');
  expect(sent?.attachments).toHaveLength(0);
  expect(h.mailsTo('sender@example.test')).toHaveLength(1);
});

test('an offered transfer invites the receiver to sign in with their address and accept', async () => {
  const order = await createPaidOrder(h.pool, world, [world.seatIds[1] as string], {
    userId: 'giver',
    email: 'giver@example.test',
    name: 'Gil',
  });
  const ticket = order.tickets[0];
  if (!ticket) throw new Error('no ticket');
  await h.publish(
    envelope('ticket.transfer_offered', {
      transferId: randomUUID(),
      ticketId: ticket.ticketId,
      orderId: ticket.orderId,
      seatId: ticket.seatId,
      eventId: ticket.eventId,
      fromName: 'Gil',
      fromEmail: 'giver@example.test',
      toEmail: 'invited@example.test',
    }),
  );
  const [mail] = await eventually(
    () => h.mailsTo('invited@example.test'),
    (m) => m.length > 0,
  );
  expect(mail?.subject).toBe('Gil sent you a ticket for Tosca');
  expect(mail?.text).toContain('sign in to My tickets with this address (invited@example.test)');
  expect(mail?.text).toContain('Stalls · Row A · Seat 2');
  expect(mail?.attachments).toHaveLength(0);
  expect(h.mailsTo('giver@example.test')).toHaveLength(0);
});
