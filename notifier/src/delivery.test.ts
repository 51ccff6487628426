import { listParked, replayParked } from '@ticketing/common';
import { createWorld, insertPaidOrder, type World } from '@ticketing/booking/testing';
import { eventually, startNotifierHarness, type NotifierHarness } from './testing/harness.ts';
import { createPaidOrder, orderPaidEnvelope, planPaidOrder } from './testing/orders.ts';

let h: NotifierHarness;
let world: World;

beforeAll(async () => {
  h = await startNotifierHarness('notifier_delivery');
  world = await createWorld(h.pool, { reserved: 10, general: 0, eventName: 'Rock Night' });
});

afterAll(async () => {
  await h.close();
});

test('with SMTP down the mail is retried through the retry queues and delivered once it returns', async () => {
  const order = await createPaidOrder(h.pool, world, [world.seatIds[0] as string], { email: 'cut@example.test' });
  const retriedBefore = await h.metric('messages_retried_total');
  h.smtpProxy.cut();
  await h.publish(orderPaidEnvelope(order));
  // At least two attempts failed and went the retry way while the server was away.
  await eventually(
    () => h.metric('messages_retried_total'),
    (n) => n >= retriedBefore + 2,
  );
  expect(h.mailsTo('cut@example.test')).toHaveLength(0);
  expect((await fetch(`${h.notifier.server.url}/ready`)).status).toBe(503);

  h.smtpProxy.restore();
  const mails = await eventually(
    () => h.mailsTo('cut@example.test'),
    (found) => found.length > 0,
  );
  expect(mails).toHaveLength(1);
  expect(mails[0]?.subject).toBe('Your tickets for Rock Night');
  expect((await listParked(h.rabbit, h.config.NOTIFIER_QUEUE)).map((p) => p.messageId)).not.toContain(
    order.summary.orderId,
  );
});

test('a poison message is parked at once with its reason', async () => {
  await h.publishRaw('order.paid', '{"this is": not json', 'application/json');
  const parked = await eventually(
    () => listParked(h.rabbit, h.config.NOTIFIER_QUEUE),
    (list) => list.some((p) => p.reason.startsWith('poison')),
  );
  const poison = parked.find((p) => p.reason.startsWith('poison'));
  expect(poison).toMatchObject({ routingKey: 'order.paid', body: '{"this is": not json' });
  expect(poison?.reason).toMatch(/^poison: /);
});

test('a message that keeps failing is parked with the reason, and a replay delivers it once the cause is gone', async () => {
  // The message arrives before its order is in this database: every attempt finds no order.
  const order = planPaidOrder(world, [world.seatIds[1] as string], { email: 'late@example.test' });
  const envelope = orderPaidEnvelope(order);
  await h.publish(envelope);
  const parked = await eventually(
    () => listParked(h.rabbit, h.config.NOTIFIER_QUEUE),
    (list) => list.some((p) => p.messageId === envelope.id),
  );
  const entry = parked.find((p) => p.messageId === envelope.id);
  expect(entry?.reason).toBe(`order ${order.summary.orderId} is not in the database`);
  // The first attempt, then one per retry delay.
  expect(entry?.attempts).toBe(h.config.NOTIFIER_RETRY_DELAYS_MS.length + 1);
  expect(h.mailsTo('late@example.test')).toHaveLength(0);

  // The cause goes away, and a person replays what is parked (the poison message is parked again).
  await insertPaidOrder(h.pool, order);
  expect((await replayParked(h.rabbit, h.config.NOTIFIER_QUEUE)).replayed).toBeGreaterThanOrEqual(1);
  const mails = await eventually(
    () => h.mailsTo('late@example.test'),
    (found) => found.length > 0,
  );
  expect(mails).toHaveLength(1);
  const after = await eventually(
    () => listParked(h.rabbit, h.config.NOTIFIER_QUEUE),
    (list) => list.every((p) => p.messageId !== envelope.id) && list.length > 0,
  );
  expect(after.map((p) => p.reason)).toEqual([expect.stringMatching(/^poison: /)]);
});
