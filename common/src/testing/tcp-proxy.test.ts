import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

let echo: Server;
let proxy: TcpProxy;
const sockets: Socket[] = [];

beforeAll(async () => {
  // The proxy resets its upstream connections too: the echo side sees ECONNRESET, which is expected.
  echo = createServer((socket) => socket.on('error', () => undefined).pipe(socket));
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  proxy = await startTcpProxy((echo.address() as AddressInfo).port);
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await proxy.close();
  echo.close();
});

async function open(): Promise<{ socket: Socket; received: () => string }> {
  const socket = connect(proxy.port, '127.0.0.1');
  sockets.push(socket);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  return { socket, received: () => text };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

test('a silenced proxy holds bytes both ways on open and new connections, and carries them on restore', async () => {
  const before = await open();
  before.socket.write('a');
  await until(() => before.received() === 'a');

  proxy.silence();
  before.socket.write('b');
  const during = await open();
  during.socket.write('c');
  // Let a carried byte come back if the proxy were to carry it; none may.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(before.received()).toBe('a');
  expect(during.received()).toBe('');
  expect(before.socket.destroyed || during.socket.destroyed).toBe(false);

  proxy.restore();
  await until(() => before.received() === 'ab' && during.received() === 'c');
});

test('a cut proxy resets open connections and refuses new ones until restored', async () => {
  const before = await open();
  proxy.cut();
  await once(before.socket, 'close');
  const refused = connect(proxy.port, '127.0.0.1');
  sockets.push(refused);
  refused.on('error', () => undefined);
  await once(refused, 'close');

  proxy.restore();
  const after = await open();
  after.socket.write('d');
  await until(() => after.received() === 'd');
});

test('a refusing proxy resets open connections, refuses new ones, and listens again on its port when restored', async () => {
  const before = await open();
  const reset = new Promise<string | undefined>((resolve) =>
    before.socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code)),
  );
  proxy.refuse();
  expect(await reset).toBe('ECONNRESET');
  const refused = connect(proxy.port, '127.0.0.1');
  sockets.push(refused);
  const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
  expect(error.code).toBe('ECONNREFUSED');

  proxy.restore();
  const after = await open();
  after.socket.write('e');
  await until(() => after.received() === 'e');
});
