import { createServer, type AddressInfo } from 'node:net';
import { portsInUse } from './free-ports.ts';

test('names the ports something listens on, and only those', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const busy = (server.address() as AddressInfo).port;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '0.0.0.0', resolve));
  const free = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  try {
    expect(await portsInUse([busy, free])).toEqual([busy]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
