import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { testRedisUrl } from '@ticketing/common/testing';
import { createWorld, type World } from '@ticketing/booking/testing';
import { eventually, startNotifierHarness, type NotifierHarness } from './testing/harness.ts';
import { createPaidOrder, orderPaidEnvelope } from './testing/orders.ts';
import { mailMessageId } from './consumers/context.ts';

/**
 * The notifier's guarantee at its one weak point: a process killed after the
 * SMTP server took a mail and before it recorded the mail as sent. The mail
 * catcher stores the mail, then SIGKILLs the notifier process before it
 * answers, so the process dies exactly in that window. A second process
 * then takes the message back: it may send one more copy, with the same
 * Message-ID, and never a third.
 */

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
let h: NotifierHarness;
let world: World;
let redis: Redis;
const processes: ChildProcess[] = [];
let victim: ChildProcess | undefined;

beforeAll(async () => {
  h = await startNotifierHarness('notifier_kill', {
    catcher: {
      async beforeAnswer() {
        const dying = victim;
        victim = undefined;
        if (!dying || dying.exitCode !== null) return;
        const exited = new Promise((resolve) => dying.once('exit', resolve));
        dying.kill('SIGKILL');
        await exited;
      },
    },
  });
  // The queues stay; only notifier processes of this test consume them.
  await h.stopNotifier();
  world = await createWorld(h.pool, { reserved: 4, general: 0, eventName: 'Kill Window' });
  redis = new Redis(testRedisUrl, { keyPrefix: h.config.NOTIFIER_REDIS_PREFIX });
});

afterAll(async () => {
  for (const child of processes) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
  redis.disconnect();
  await h.close();
});

function startNotifierProcess(): ChildProcess {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, ...h.env, NOTIFIER_SEND_LEASE_MS: '1000' },
    stdio: 'ignore',
  });
  processes.push(child);
  return child;
}

test('a notifier killed between the SMTP answer and its record sends at most one more copy, with the same Message-ID', async () => {
  const order = await createPaidOrder(h.pool, world, [world.seatIds[0] as string], { email: 'kim@example.test' });
  const envelope = orderPaidEnvelope(order);

  victim = startNotifierProcess();
  const killed = victim;
  await h.publish(envelope);
  await eventually(
    () => killed.signalCode,
    (signal) => signal === 'SIGKILL',
    1_200,
  );
  expect(h.mailsTo('kim@example.test')).toHaveLength(1);
  // It died holding the lease: nothing says "sent".
  const [key] = await redis.keys(`${h.config.NOTIFIER_REDIS_PREFIX}sent:${envelope.id}:*`);
  expect(key).toBeDefined();
  expect(await redis.get(key!.slice(h.config.NOTIFIER_REDIS_PREFIX.length))).toMatch(/^sending:/);

  // The retry: another process gets the unacknowledged message back, waits out the lease, sends again.
  startNotifierProcess();
  const mails = await eventually(
    () => h.mailsTo('kim@example.test'),
    (list) => list.length >= 2,
    1_200,
  );
  expect(mails).toHaveLength(2);
  await eventually(
    () => redis.get(key!.slice(h.config.NOTIFIER_REDIS_PREFIX.length)),
    (state) => state === 'sent',
  );
  // A third copy would come from a later retry: give one every chance to arrive.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const all = h.mailsTo('kim@example.test');
  expect(all).toHaveLength(2);
  const expected = mailMessageId(envelope.id, 'kim@example.test');
  expect(all.map((mail) => mail.messageId)).toEqual([expected, expected]);
}, 60_000);
