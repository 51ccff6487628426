import pg from 'pg';
import { createLogger } from '@ticketing/common';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing';
import { outboxChannel } from './wake.ts';
import { createOutboxWake } from './wake.ts';

let db: TestDatabase;
let pool: pg.Pool;
let listener: pg.Client;
const received: string[] = [];
let onNotification: (() => void) | undefined;

beforeAll(async () => {
  db = await createTestDatabase('outbox_wake');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  listener = new pg.Client({ connectionString: db.url });
  await listener.connect();
  listener.on('notification', (n) => {
    received.push(n.channel);
    onNotification?.();
  });
  await listener.query(`LISTEN ${outboxChannel}`);
});
afterAll(async () => {
  await listener.end();
  await pool.end();
  await db.drop();
});

const nextNotification = () => new Promise<void>((resolve) => (onNotification = resolve));
// A query on the listening connection returns after every notification sent before it has arrived.
const settle = () => listener.query('SELECT 1');

test('a burst of wake-ups is one NOTIFY, and a later wake-up is another', async () => {
  const wake = createOutboxWake((sql) => pool.query(sql), createLogger('wake-test', 'silent'), 20);
  const first = nextNotification();
  for (let i = 0; i < 100; i++) wake.notify();
  await first;
  await settle();
  expect(received).toEqual([outboxChannel]);

  const second = nextNotification();
  wake.notify();
  await second;
  await wake.close();
  await settle();
  expect(received).toEqual([outboxChannel, outboxChannel]);
});

test('closing sends a pending wake-up at once', async () => {
  received.length = 0;
  const wake = createOutboxWake((sql) => pool.query(sql), createLogger('wake-test', 'silent'), 60_000);
  const arrived = nextNotification();
  wake.notify();
  await wake.close();
  await arrived;
  expect(received).toEqual([outboxChannel]);
});
