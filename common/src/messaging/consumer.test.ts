import { randomUUID } from 'node:crypto';
import { Connection } from 'rabbitmq-client';
import { Registry } from 'prom-client';
import { createLogger } from '../logger.ts';
import type { Envelope, MessageType, MessageTypes } from '../events.ts';
import { testAmqpUrl, uniqueName } from '../testing/database.ts';
import { createConsumer, type ConsumerOptions, type MessageDedupe, type QueueConsumer } from './consumer.ts';
import { createEventPublisher, type EventPublisher } from './publisher.ts';
import { listParked, replayParked } from './parked.ts';
import { declareTopology, deleteQueueTopology, type ExchangeNames } from './topology.ts';

const logger = createLogger('consumer-test', 'silent');
let connection: Connection;
let names: ExchangeNames;
let publisher: EventPublisher;
const consumers: QueueConsumer[] = [];

beforeAll(async () => {
  connection = new Connection({ url: testAmqpUrl, retryLow: 50, retryHigh: 500 });
  connection.on('error', () => undefined);
  names = await declareTopology(connection, {
    exchange: uniqueName('events'),
    deadLetterExchange: uniqueName('events.dlx'),
  });
  publisher = createEventPublisher({ connection, names });
});

afterAll(async () => {
  for (const consumer of consumers) {
    await consumer.close();
    await deleteQueueTopology(connection, consumer.topology);
  }
  await publisher.close();
  await connection.exchangeDelete({ exchange: names.exchange });
  await connection.exchangeDelete({ exchange: names.deadLetterExchange });
  await connection.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await sleep(20);
  }
  throw new Error(`gave up waiting for ${what}`);
}

function envelope<T extends MessageType>(type: T, data: MessageTypes[T]): Envelope<T> {
  return { id: randomUUID(), type, occurredAt: new Date().toISOString(), data };
}

const drop = (version: number) => envelope('drop.changed', { dropId: 'd1', eventId: 'e1', version });

async function start(overrides: Partial<ConsumerOptions> & Pick<ConsumerOptions, 'handlers'>) {
  const registry = new Registry();
  const consumer = await createConsumer({
    connection,
    queue: uniqueName('queue'),
    names,
    retry: { delaysMs: [20, 40] },
    concurrency: 1,
    logger,
    metrics: { registry },
    ...overrides,
  });
  consumers.push(consumer);
  const metric = async (name: string) => {
    const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
    return values.reduce((sum, v) => sum + v.value, 0);
  };
  return { consumer, registry, metric, queue: consumer.topology.queue };
}

async function queueDepth(queue: string): Promise<number> {
  return (await connection.queueDeclare({ queue, passive: true })).messageCount;
}

test('a failing handler is retried with its delays and succeeds', async () => {
  const attempts: number[] = [];
  const { metric, queue } = await start({
    handlers: {
      'drop.changed': async (_message, context) => {
        attempts.push(context.attempt);
        if (context.attempt < 3) throw new Error(`not yet (${context.attempt})`);
      },
    },
  });
  const message = drop(1);
  await publisher.publish(message);
  await waitFor(async () => (await metric('messages_handled_total')) === 1, 'the third attempt');
  expect(attempts).toEqual([1, 2, 3]);
  expect(await metric('messages_retried_total')).toBe(2);
  expect(await metric('messages_failed_total')).toBe(2);
  expect(await listParked(connection, queue)).toEqual([]);
  expect(await queueDepth(queue)).toBe(0);
});

test('a message that keeps failing is parked with the reason and attempts, then replayed', async () => {
  let healthy = false;
  const seen: Array<{ id: string; attempt: number }> = [];
  const { metric, queue } = await start({
    handlers: {
      'drop.changed': async (message, context) => {
        seen.push({ id: message.id, attempt: context.attempt });
        if (!healthy) throw new Error('template missing');
      },
    },
  });
  const message = drop(2);
  await publisher.publish(message);
  await waitFor(async () => (await metric('messages_parked_total')) === 1, 'parking');
  const parked = await listParked(connection, queue);
  expect(parked).toHaveLength(1);
  expect(parked[0]).toMatchObject({
    messageId: message.id,
    type: 'drop.changed',
    routingKey: 'drop.changed',
    reason: 'template missing',
    attempts: 3,
    replayed: 0,
  });
  expect(JSON.parse(parked[0]!.body)).toEqual(message);
  expect(seen.map((s) => s.attempt)).toEqual([1, 2, 3]);
  // Listing leaves the message where it was.
  expect(await listParked(connection, queue)).toHaveLength(1);

  healthy = true;
  expect(await replayParked(connection, queue)).toEqual({ replayed: 1 });
  await waitFor(async () => (await metric('messages_handled_total')) === 1, 'the replayed message');
  expect(seen.at(-1)).toEqual({ id: message.id, attempt: 1 });
  expect(await listParked(connection, queue)).toEqual([]);
});

test('replay moves at most the limit, oldest first', async () => {
  const { metric, queue } = await start({
    handlers: {
      'drop.changed': async () => {
        throw new Error('down');
      },
    },
    retry: { delaysMs: [] },
  });
  const messages = [drop(10), drop(11), drop(12)];
  for (const message of messages) await publisher.publish(message);
  await waitFor(async () => (await metric('messages_parked_total')) === 3, 'three parked');
  expect((await listParked(connection, queue)).map((p) => p.messageId)).toEqual(messages.map((m) => m.id));
  expect(await replayParked(connection, queue, { limit: 1 })).toEqual({ replayed: 1 });
  await waitFor(async () => (await metric('messages_parked_total')) === 4, 'the replayed one parked again');
  const parked = await listParked(connection, queue);
  expect(parked.map((p) => p.messageId)).toEqual([messages[1]!.id, messages[2]!.id, messages[0]!.id]);
  expect(parked[2]).toMatchObject({ replayed: 1, attempts: 1, reason: 'down' });
});

test('poison and unhandled messages are parked at once with the reason', async () => {
  let calls = 0;
  const { metric, queue } = await start({
    handlers: {
      'drop.changed': async () => {
        calls += 1;
      },
    },
    bindings: ['drop.changed', 'hold.ended'],
  });
  const channel = await connection.acquire();
  try {
    await channel.confirmSelect();
    const target = { exchange: names.exchange, routingKey: 'drop.changed', durable: true };
    await channel.basicPublish(
      { ...target, contentType: 'application/json', messageId: 'm-bad-json' },
      Buffer.from('{"id":'),
    );
    await channel.basicPublish({ ...target, messageId: 'm-no-envelope' }, { hello: 'world' });
    await channel.basicPublish({ ...target, messageId: 'm-text' }, 'plain text');
  } finally {
    await channel.close();
  }
  const unhandled = envelope('hold.ended', { holdId: 'h', eventId: 'e', dropId: 'd', userId: 'u', reason: 'expired' });
  await publisher.publish(unhandled);

  await waitFor(async () => (await metric('messages_parked_total')) === 4, 'four parked');
  const parked = await listParked(connection, queue);
  const reasons = Object.fromEntries(parked.map((p) => [p.messageId, p.reason]));
  expect(reasons['m-bad-json']).toBe('poison: body is not valid JSON');
  expect(reasons['m-no-envelope']).toMatch(/^poison: not an envelope \(id: /);
  expect(reasons['m-text']).toBe('poison: content type text/plain');
  expect(reasons[unhandled.id]).toBe('no handler for hold.ended');
  expect(parked.find((p) => p.messageId === 'm-bad-json')?.body).toBe('{"id":');
  expect(parked.every((p) => p.attempts === 0)).toBe(true);
  expect(calls).toBe(0);
  expect(await metric('messages_failed_total')).toBe(0);
});

test('a duplicate message id is acknowledged without running the handler again', async () => {
  const handledIds = new Set<string>();
  const dedupe: MessageDedupe = {
    isHandled: async (id) => handledIds.has(id),
    markHandled: async (id) => {
      handledIds.add(id);
    },
  };
  const runs: string[] = [];
  const { metric } = await start({
    dedupe,
    handlers: {
      'drop.changed': async (message) => {
        runs.push(message.id);
      },
    },
  });
  const first = drop(20);
  const sentinel = drop(21);
  await publisher.publish(first);
  await publisher.publish(first);
  await publisher.publish(sentinel);
  await waitFor(() => runs.includes(sentinel.id), 'the message after the duplicate');
  expect(runs).toEqual([first.id, sentinel.id]);
  expect(await metric('messages_duplicate_total')).toBe(1);
});

test('close stops consuming and waits for the handler in flight, which is acknowledged', async () => {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const order: string[] = [];
  let started = false;
  const { consumer, queue } = await start({
    handlers: {
      'drop.changed': async () => {
        started = true;
        await gate;
        order.push('handler finished');
      },
    },
  });
  await publisher.publish(drop(30));
  await waitFor(() => started, 'the handler to start');
  const closed = consumer.close().then(() => order.push('closed'));
  await sleep(200);
  expect(order).toEqual([]);
  release();
  await closed;
  expect(order).toEqual(['handler finished', 'closed']);
  // Acknowledged before the channel closed: nothing comes back to the queue.
  expect(await queueDepth(queue)).toBe(0);
  // Closed for good: a new message stays queued.
  await publisher.publish(drop(31));
  await waitFor(async () => (await queueDepth(queue)) === 1, 'the message to be queued');
});

test('the re-drive puts back what failed while a dependency was away, and keeps what can never succeed', async () => {
  let storeUp = false;
  let handled = 0;
  const { consumer, metric, queue } = await start({
    handlers: {
      'drop.changed': async () => {
        if (!storeUp) throw new Error('store unreachable');
        handled += 1;
      },
    },
    bindings: ['drop.changed'],
    // Swept by hand below: a long interval keeps the timer out of the way.
    redrive: { ready: async () => storeUp, intervalMs: 600_000, maxReplays: 2 },
  });
  const channel = await connection.acquire();
  try {
    await channel.confirmSelect();
    await channel.basicPublish(
      { exchange: names.exchange, routingKey: 'drop.changed', durable: true, messageId: 'm-text' },
      'plain text',
    );
  } finally {
    await channel.close();
  }
  await publisher.publish(drop(1));
  await waitFor(async () => (await queueDepth(`${queue}.parked`)) === 2, 'two parked');

  // The dependency is still away: nothing moves.
  expect(await consumer.redrive?.sweep()).toBeUndefined();
  expect(await queueDepth(`${queue}.parked`)).toBe(2);

  storeUp = true;
  expect(await consumer.redrive?.sweep()).toEqual({ redriven: 1, parkedForGood: 1 });
  await waitFor(() => handled === 1, 'the re-driven message handled');
  const [left] = await listParked(connection, queue);
  expect(left?.messageId).toBe('m-text');
  expect(await metric('messages_redriven_total')).toBe(1);
  expect(await metric('messages_parked_for_good')).toBe(1);
});

test('a message re-driven too often stays parked for good', async () => {
  const { consumer, metric, queue } = await start({
    handlers: {
      'drop.changed': async () => {
        throw new Error('always fails');
      },
    },
    redrive: { ready: async () => true, intervalMs: 600_000, maxReplays: 1 },
  });
  await publisher.publish(drop(1));
  await waitFor(async () => (await queueDepth(`${queue}.parked`)) === 1, 'parked');
  expect(await consumer.redrive?.sweep()).toEqual({ redriven: 1, parkedForGood: 0 });
  await waitFor(async () => (await metric('messages_parked_total')) === 2, 'parked again');
  await waitFor(async () => (await queueDepth(`${queue}.parked`)) === 1, 'back in parking');
  expect(await consumer.redrive?.sweep()).toEqual({ redriven: 0, parkedForGood: 1 });
  expect((await listParked(connection, queue))[0]?.replayed).toBe(1);
});
